"""The project's URL map without gongkai.foi.urls: the CAPTCHA widget must work where it is not mounted."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from config.urls import urlpatterns as project_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "foi"
]
