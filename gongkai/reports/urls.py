"""Public URLs of the reports app (mounted at the site root by config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.reports import statistics_views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("statistics/", statistics_views.statistics_public, name="statistics"),
]
