"""Registers the 机构 and 角色授权 screens in the staff workbench (grouped as 机构与人员), and says in the
history view which fields an organization change touched."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from gongkai.orgs.models import Organization
from gongkai.orgs.viewsets import OrganizationsGroup


@hooks.register("register_admin_viewset")
def register_organization_screens() -> OrganizationsGroup:
    return OrganizationsGroup()


class OrganizationUpdateFormatter(LogFormatter):
    """“修改了机构：联系电话、邮政编码” — the audit entry's changed fields, by their Chinese labels."""

    label = gettext_lazy("修改机构")

    def format_message(self, log_entry: Any) -> str:
        labels = []
        for name in (log_entry.data or {}).get("changed") or []:
            try:
                field: Any = Organization._meta.get_field(name)
                labels.append(str(field.verbose_name))
            except FieldDoesNotExist:
                labels.append(name)
        if not labels:
            return _("修改了机构")
        return _("修改了机构：%(fields)s") % {"fields": "、".join(labels)}


# order=1: after gongkai.core's hook, which registers gongkai.org.update with a fixed message.
@hooks.register("register_log_actions", order=1)
def register_organization_update_formatter(actions: Any) -> None:
    actions.register_action("gongkai.org.update")(OrganizationUpdateFormatter)
    # Keep one entry per action in the history filter's choices (the later registration wins).
    actions.choices = list(dict(actions.choices).items())
