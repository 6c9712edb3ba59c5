"""Periodic jobs of 主动公开 that ``manage.py tick`` runs (gongkai.core.periodic)."""

from __future__ import annotations

from gongkai.core.periodic import register_periodic


@register_periodic("publications.publish_scheduled", "发布定时发布时间已到的政府信息")
def publish_scheduled() -> int:
    from gongkai.publications.services import document_publish_scheduled

    return document_publish_scheduled()


@register_periodic("publications.normative_expire", "将有效期届满的行政规范性文件标记为失效")
def normative_expire() -> int:
    from gongkai.publications.normative import normative_expire_due

    return normative_expire_due()
