from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = _("主动公开")

    def ready(self) -> None:
        from gongkai.publications import periodic  # noqa: F401 - registers the tick jobs
