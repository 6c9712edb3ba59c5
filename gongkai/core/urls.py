"""Public URLs of gongkai.core (included at "" by config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.core import views

app_name = "core"
urlpatterns: list[URLPattern] = [
    path("tools/deadline/", views.deadline_calculator, name="deadline"),
]
