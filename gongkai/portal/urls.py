"""Public URLs of the portal outside the Wagtail page tree."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.portal import views
from gongkai.search import views as search_views

app_name = "portal"
urlpatterns: list[URLPattern] = [
    # 站内搜索 lives in the search app; the name stays portal:search (the header box and 404 page use it).
    path("search/", search_views.search, name="search"),
    path("text-size/", views.text_size, name="text_size"),
]
