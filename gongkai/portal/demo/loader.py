"""Loads the demo region through the same services staff use, so the demo is real data. Idempotent."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.services import user_ensure
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Organization
from gongkai.orgs.services import membership_grant, org_create_or_update
from gongkai.portal.demo.region import (
    DEMO_PASSWORD,
    DIVISION_PREFIX,
    GUIDE_CHANNELS,
    ORGS,
    REFERENCE_DOCS,
    USERS,
    ReferenceDoc,
)
from gongkai.portal.models import ContentPage, PortalSettings, ReferenceDocumentPage
from gongkai.portal.services import REFERENCE_SLUG, portal_settings_update, portal_site_ensure
from gongkai.publications.demo_corpus import reference_metadata

CORPUS_DIR = Path(__file__).parent / "corpus"


def demo_credit_code(serial: int) -> str:
    return complete_credit_code(DIVISION_PREFIX, f"MB{serial:06d}")


@transaction.atomic
def load_demo_region() -> dict[str, int]:
    home = portal_site_ensure(site_name="示例市人民政府信息公开")
    _configure_portal(home)
    orgs = _load_orgs()
    users = _load_users(orgs)
    docs = _load_reference_docs()
    # Demo government information through the real workflow (gongkai.publications.demo), idempotent.
    from gongkai.publications.demo import load_demo_documents

    catalogue = load_demo_documents(orgs)
    from gongkai.foi.demo import load_demo_cases

    cases = load_demo_cases(orgs)
    from gongkai.reports.demo import load_demo_reports

    reports = load_demo_reports(orgs)
    return {
        "organizations": len(orgs),
        "users": users,
        "reference_documents": docs,
        "demo_documents": catalogue["documents"],
        "gazette_issues": catalogue["gazette_issues"],
        "foi_cases": cases + reports["cases"],
        "annual_reports": reports["reports"],
    }


def _configure_portal(home: object) -> None:
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    if PortalSettings.for_site(site).site_code:
        return  # configured already, perhaps changed by an administrator: leave it
    portal_settings_update(
        actor=None,
        site=site,
        region_name="示例市",
        site_title="示例市人民政府信息公开",
        sponsor="示例市人民政府办公室",
        site_code="9999000001",
        icp_number="示ICP备00000000号",
        police_number="示公网安备 99010002000001号",
        contact="示例市人民政府办公室政务公开科 0999-12345000",
        footer_note=_("本网站为 Gongkai 开源政务公开平台的演示站点，所有机构、人员和数据均为虚构。"),
    )


def _load_orgs() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for sort_order, spec in enumerate(ORGS, start=1):
        org, _created = org_create_or_update(
            actor=None,
            code=spec.code,
            name=spec.name,
            parent=orgs.get(spec.parent or ""),
            kind=spec.kind,
            credit_code=demo_credit_code(spec.serial),
            short_name=spec.short_name,
            sort_order=sort_order * 10,
            office_name=spec.office_name,
            office_address=spec.office_address,
            office_phone=spec.office_phone,
            office_hours="工作日 上午9:00—12:00，下午13:30—17:30（法定节假日除外）",
            office_postcode="999000",
            office_email=f"gk-{spec.code}@example.gov.cn",
            office_fax=spec.office_phone.replace("5", "6", 1),
            application_channels=GUIDE_CHANNELS,
        )
        orgs[spec.code] = org
    return orgs


def _load_users(orgs: dict[str, Organization]) -> int:
    for spec in USERS:
        user, _created = user_ensure(
            actor=None,
            username=spec.username,
            full_name=spec.full_name,
            password=DEMO_PASSWORD if not _has_password(spec.username) else None,
            check_password=False,
        )
        for org_code, role in spec.grants:
            membership_grant(actor=None, user=user, org=orgs[org_code], role=role)
    return len(USERS)


def _has_password(username: str) -> bool:
    from gongkai.accounts.models import User

    user = User.objects.filter(username=username).first()
    # A demo user whose password someone changed keeps it: load_demo never resets passwords.
    return bool(user and user.has_usable_password())


def _document_text(doc: ReferenceDoc) -> str:
    lines = (CORPUS_DIR / doc.file).read_text(encoding="utf-8").splitlines()
    dropped = set(doc.drop_lines)
    return "\n".join(line.strip() for line in lines if line.strip() and line.strip() not in dropped)


def _load_reference_docs() -> int:
    home = portal_site_ensure()
    index = ContentPage.objects.child_of(home).get(slug=REFERENCE_SLUG)
    for doc in REFERENCE_DOCS:
        if ReferenceDocumentPage.objects.filter(slug=doc.slug).exists():
            continue
        # The metadata is read from the text by the parser behind 从Word导入 (gongkai.publications.gongwen).
        page = ReferenceDocumentPage(
            slug=doc.slug, source_note=doc.source_note, body=_document_text(doc), **reference_metadata(doc)
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return len(REFERENCE_DOCS)
