"""Public URLs of disclosure on request (mounted under /foi/ by config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.foi import views_captcha

app_name = "foi"
urlpatterns: list[URLPattern] = [
    path("captcha/new/", views_captcha.captcha_new, name="captcha_new"),
]
