"""Public URLs of 行政规范性文件 (/normative/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.publications import normative_views

app_name = "normative"
urlpatterns: list[URLPattern] = [
    path("", normative_views.normative_valid, name="valid"),
    path("invalid/", normative_views.normative_invalid, name="invalid"),
    path("catalogue/<int:year>/q<int:quarter>/", normative_views.normative_catalogue, name="catalogue"),
    path("cleanup/<int:campaign_id>/", normative_views.normative_cleanup, name="cleanup"),
]
