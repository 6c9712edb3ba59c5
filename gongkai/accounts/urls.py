"""Account pages (included at /accounts/ in config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("2fa/", views.two_factor_overview, name="two_factor"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/backup-codes/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("2fa/turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
]
