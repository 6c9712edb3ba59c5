"""The 依申请公开 section of the portal's home page: where to apply online and where to track
(registered in apps.ready, like gongkai.publications.home)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.selectors import DEFAULT_SECTIONS, HomeSection


def foi_section() -> HomeSection:
    _key, title, _more, empty_text = next(entry for entry in DEFAULT_SECTIONS if entry[0] == "foi")
    return HomeSection(
        key="foi",
        title=str(title),
        more_url="",
        items=[
            {"title": _("在线提交政府信息公开申请"), "url": reverse("foi:apply"), "date": None},
            {"title": _("查询申请办理进度"), "url": reverse("foi:track"), "date": None},
            {"title": _("政府信息公开申请统计"), "url": reverse("reports:statistics"), "date": None},
        ],
        empty_text=str(empty_text),
    )
