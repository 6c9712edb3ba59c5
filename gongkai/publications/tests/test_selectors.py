from __future__ import annotations

import pytest

from gongkai.core.testing import Region
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.models import Document
from gongkai.publications.selectors import document_get_readable, document_list_for, document_list_public
from gongkai.publications.services import document_create, document_withdraw
from gongkai.publications.tests.helpers import draft, published

pytestmark = pytest.mark.django_db


def test_it_lists_only_published_documents_newest_first(region: Region, django_assert_num_queries) -> None:
    draft(region, title="草稿")
    first = published(region, title="先")
    second = published(region, title="后")
    document_withdraw(actor=region.wangwu, document=published(region, title="撤"), reason="误发")
    with django_assert_num_queries(1):
        rows = [(d.title, d.org.code, d.subject.label) for d in document_list_public()]
    assert rows == [("后", "fgw", "综合政务/政务公开"), ("先", "fgw", "综合政务/政务公开")]
    assert list(document_list_public(org=region.fgw)) == [second, first]
    assert list(document_list_public(org="edu")) == []
    assert list(document_list_public(subject="不存在")) == []


def test_it_shows_staff_the_documents_of_their_own_organizations(region: Region) -> None:
    fgw_draft = draft(region)
    edu_draft = document_create(
        actor=region.zhaoliu, org=region.edu, title="教育通知", genre="通知", subject="科技、教育/教育"
    )
    assert list(document_list_for(user=region.lisi)) == [fgw_draft]
    assert list(document_list_for(user=region.zhaoliu)) == [edu_draft]
    assert set(document_list_for(user=region.admin)) == {fgw_draft, edu_draft}
    assert list(document_list_for(user=region.zhangsan)) == []
    assert list(document_list_for(user=region.lisi, status=DocumentStatus.PUBLISHED)) == []


def test_it_lets_only_its_staff_read_a_draft(region: Region) -> None:
    document = draft(region)
    assert document_get_readable(document_id=document.pk, user=region.wangwu) == (document, True)
    for outsider in (None, region.zhangsan, region.zhaoliu):
        with pytest.raises(Document.DoesNotExist):
            document_get_readable(document_id=document.pk, user=outsider)


def test_it_lets_staff_of_a_joint_issuer_read_a_draft(region: Region) -> None:
    document = draft(region, joint_issuers=[region.edu])
    found, as_staff = document_get_readable(document_id=document.pk, user=region.zhaoliu)
    assert found == document and as_staff is True
    assert [org.code for org in found.joint_issuers.all()] == ["edu"]
