"""Public URLs of disclosure on request (mounted under /foi/ by config/urls.py). /foi/apply/ and
/foi/track/ are public URLs other software depends on (architecture.md): keep them stable."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.foi import views, views_captcha

app_name = "foi"
urlpatterns: list[URLPattern] = [
    path("apply/", views.apply, name="apply"),
    path("apply/receipt/", views.receipt, name="receipt"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/", views.track_case, name="track_case"),
    path("track/<str:number>/letters/<int:letter_id>/", views.letter_download, name="letter_download"),
    path("mine/", views.mine, name="mine"),
    path("captcha/new/", views_captcha.captcha_new, name="captcha_new"),
]
