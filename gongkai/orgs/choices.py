"""Organization kinds and staff roles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    DISTRICT = "district", _("区县政府")
    TOWNSHIP = "township", _("乡镇街道")
    OTHER = "other", _("其他机构")


class Role(models.TextChoices):
    """Roles are granted per organization (contract.md create_staff)."""

    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    ORG_ADMIN = "org_admin", _("机构管理员")
    EDITOR = "editor", _("信息编辑")
    REVIEWER = "reviewer", _("保密审查员")
    FOI_HANDLER = "foi_handler", _("依申请公开经办人")
    FOI_HEAD = "foi_head", _("公开工作机构负责人")
    VIEWER = "viewer", _("只读人员")


# Roles that make a user staff of the workbench (all of them do: even a viewer reads the workbench).
STAFF_ROLES = tuple(Role.values)
