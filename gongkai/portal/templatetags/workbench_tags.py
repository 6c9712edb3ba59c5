"""Template tags of the workbench's branding (the Wagtail admin at /staff/)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def workbench_name() -> str:
    """The workbench's name, e.g. 示例市政务公开平台 · 工作台, from GONGKAI_SITE_NAME."""
    return _("%(site)s · 工作台") % {"site": settings.WAGTAIL_SITE_NAME}


@register.simple_tag
def workbench_name_lines() -> list[str]:
    """The workbench's name cut where a narrow login box may wrap it: ["示例市政务公开平台", "· 工作台"]."""
    name = workbench_name()
    site = str(settings.WAGTAIL_SITE_NAME)
    return [site, name[len(site) :].strip()] if name.startswith(site) else [name]
