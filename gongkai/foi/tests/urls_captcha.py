"""URL maps of the CAPTCHA tests: ``urlpatterns`` is the project's, which mounts gongkai.foi.urls under
/foi/ (config/urls.py); ``without_foi`` leaves gongkai.foi.urls out, as a project that does not mount it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from config.urls import urlpatterns as project_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = list(project_urlpatterns)
