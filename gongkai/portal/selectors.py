"""Reads for the portal's pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass
class HomeSection:
    """One block of the home page. Later capabilities register a provider that fills ``items``."""

    key: str
    title: str
    more_url: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = str(_("暂无内容。"))


SectionProvider = Callable[[], HomeSection]
_providers: dict[str, SectionProvider] = {}


def register_home_section(key: str, provider: SectionProvider) -> None:
    """Called from an app's ready(): its section of the home page (e.g. 最新公开, 政策解读)."""
    _providers[key] = provider


DEFAULT_SECTIONS: tuple[tuple[str, Any, str, Any], ...] = (
    ("latest", _("最新公开"), "", _("本平台尚未发布政府信息。各机构发布后，最新信息将显示在这里。")),
    ("interpretations", _("政策解读"), "", _("暂无政策解读。")),
    ("foi", _("依申请公开"), "", _("网上申请即将开通。现可通过各机构信息公开指南所列渠道提出申请。")),
    ("participation", _("互动交流"), "", _("暂无正在征集意见的事项。")),
)


def home_sections(*, home: Any) -> list[HomeSection]:
    sections = []
    for key, title, more_url, empty_text in DEFAULT_SECTIONS:
        provider = _providers.get(key)
        sections.append(
            provider()
            if provider
            else HomeSection(key=key, title=str(title), more_url=more_url, empty_text=str(empty_text))
        )
    return sections
