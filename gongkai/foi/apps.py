from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.foi import home, periodic  # noqa: F401 - periodic registers the tick jobs
        from gongkai.portal.selectors import register_home_section

        register_home_section("foi", home.foi_section)
