"""The URL map of the CAPTCHA tests: the project's, with gongkai.foi.urls under /foi/ as config/urls.py
is to mount it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("foi/", include("gongkai.foi.urls")),
    *project_urlpatterns,
]
