"""Public URLs of the portal outside the Wagtail page tree."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.portal import views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    path("search/", views.search, name="search"),
    path("text-size/", views.text_size, name="text_size"),
]
