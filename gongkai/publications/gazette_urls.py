"""Public URLs of the 政府公报 reading room (/gazette/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.publications import gazette_views

app_name = "gazette"
urlpatterns: list[URLPattern] = [
    path("", gazette_views.gazette_index, name="index"),
    path("<int:year>/", gazette_views.gazette_year, name="year"),
    path("<int:year>/<int:number>/", gazette_views.gazette_issue, name="issue"),
    path("<int:year>/<int:number>/docx/", gazette_views.gazette_issue_download, name="docx"),
]
