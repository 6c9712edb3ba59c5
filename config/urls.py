"""URL map. Public URLs other software depends on are listed in architecture.md; keep them stable."""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.api.api import api
from gongkai.publications.sitemaps import DocumentSitemap

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/", include(wagtailadmin_urls)),
    # The catalogue's /documents/ and /documents/<id>/ come before Wagtail's document downloads, which
    # answer /documents/<id>/<filename> only.
    path("", include("gongkai.publications.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap, "documents": DocumentSitemap}}),
    path("api/v1/", api.urls),
    path("gazette/", include("gongkai.publications.gazette_urls")),
    path("normative/", include("gongkai.publications.normative_urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("foi/", include("gongkai.foi.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.core.urls")),
    path("", include("gongkai.portal.urls")),
    # Wagtail's page serving comes last: it answers every path the page tree has.
    path("", include(wagtail_urls)),
]

handler403 = "gongkai.portal.views.error_403"
handler404 = "gongkai.portal.views.error_404"
handler500 = "gongkai.portal.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = [*static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT), *urlpatterns]
