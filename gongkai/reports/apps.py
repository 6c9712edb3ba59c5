from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("年度报告与统计")

    def ready(self) -> None:
        from gongkai.reports import periodic  # noqa: F401 - periodic registers the tick jobs
