"""The reports app in the staff workbench."""

from __future__ import annotations

from wagtail import hooks

# --- 统计分析: the statistics dashboard (issue 6 §5, gongkai.reports.statistics_views) ---------------


@hooks.register("register_admin_urls")
def register_statistics_urls():  # type: ignore[no-untyped-def]
    from django.urls import include, path

    from gongkai.reports import statistics_views

    namespace = statistics_views.URL_NAMESPACE
    return [
        path("reports/statistics/", include((statistics_views.urlpatterns(), namespace), namespace=namespace))
    ]


@hooks.register("register_admin_menu_item")
def register_statistics_menu():  # type: ignore[no-untyped-def]
    from gongkai.reports.statistics_views import statistics_menu_item

    return statistics_menu_item()
