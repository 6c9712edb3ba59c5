from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from gongkai.accounts.models import User
from gongkai.orgs.credit_code import credit_code_error
from gongkai.orgs.models import Membership, Organization
from gongkai.portal.demo.region import DEMO_PASSWORD, ORGS, REFERENCE_DOCS, USERS
from gongkai.portal.models import HomePage, OrganizationPage, ReferenceDocumentPage
from gongkai.publications.demo import DEMO_DOCUMENTS
from gongkai.publications.models import Document, GazetteIssue

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_loads_the_region_with_valid_credit_codes() -> None:
    _load()
    orgs = Organization.objects.all()
    assert orgs.count() == len(ORGS)
    assert {o.kind for o in orgs} == {"government", "department", "district", "township"}
    for org in orgs:
        assert credit_code_error(org.credit_code) is None, org.code
    heping = Organization.objects.select_related("parent").get(code="east-heping")
    assert heping.parent is not None and heping.parent.code == "east"


def test_it_is_idempotent() -> None:
    _load()
    counts = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ReferenceDocumentPage.objects.count(),
        OrganizationPage.objects.count(),
        Document.objects.count(),
        GazetteIssue.objects.count(),
    )
    # The demo catalogue (publications.demo) and the gazette; the real corpus texts stay reference pages.
    assert counts[-2:] == (len(DEMO_DOCUMENTS), 1)
    _load()
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ReferenceDocumentPage.objects.count(),
        OrganizationPage.objects.count(),
        Document.objects.count(),
        GazetteIssue.objects.count(),
    )


def test_it_creates_a_user_for_every_role_with_the_demo_password() -> None:
    _load()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"platform_admin", "org_admin", "editor", "reviewer", "foi_handler", "foi_head", "viewer"}
    for spec in USERS:
        assert User.objects.get(username=spec.username).check_password(DEMO_PASSWORD)


def test_it_never_resets_a_changed_password() -> None:
    _load()
    lisi = User.objects.get(username="lisi")
    lisi.set_password("a-new-secret-password")
    lisi.save()
    _load()
    lisi.refresh_from_db()
    assert lisi.check_password("a-new-secret-password")


def test_it_attributes_reference_documents_to_their_real_issuers() -> None:
    _load()
    pages = ReferenceDocumentPage.objects.live()
    assert pages.count() == len(REFERENCE_DOCS)
    xining = pages.get(slug="xining-2017-work-plan")
    assert xining.issuer == "西宁市人民政府办公厅"
    assert xining.doc_number == "宁政办〔2017〕123号"
    assert "扫描二维码" not in xining.body  # page furniture of the source site is dropped
    assert not any(page.issuer.startswith("示例市") for page in pages)


def test_it_makes_the_home_page_the_default_site_root() -> None:
    _load()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.url_path == "/home/"
    assert OrganizationPage.objects.get(org__code="fgw").url_path == "/home/orgs/fgw/"


def test_it_skips_when_asked_and_data_exists() -> None:
    _load()
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
