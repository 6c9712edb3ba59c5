from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("年度报告与统计")

    def ready(self) -> None:
        # periodic registers the tick jobs; annual_hooks the workbench screens and audit actions.
        from gongkai.reports import annual_hooks, periodic  # noqa: F401
