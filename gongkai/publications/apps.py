from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = _("主动公开")

    def ready(self) -> None:
        from gongkai.portal.selectors import register_home_section
        from gongkai.publications import home, periodic  # noqa: F401 - periodic registers the tick jobs

        register_home_section("latest", home.latest_section)
        register_home_section("interpretations", home.interpretations_section)
