"""RSS feeds of the catalogue and its part of /sitemap.xml, read as the XML other software gets."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.portal.services import portal_site_ensure
from gongkai.publications.services import document_withdraw
from gongkai.publications.tests.helpers import draft, grant, published

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml_of(client: Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return ET.fromstring(response.content)  # noqa: S314 - our own server's output, not untrusted input


def item_links(channel: ET.Element) -> list[str]:
    return [item.findtext("link") or "" for item in channel.iter("item")]


def test_it_lists_published_documents_newest_first_in_the_rss_feed(region: Region, client: Client) -> None:
    older = published(region, title="较早的通知")
    newer = published(region, title="较新的通知", summary="新通知的概述。")
    draft(region, title="草稿不进订阅")
    gone = published(region, title="撤回的通知")
    document_withdraw(actor=region.wangwu, document=gone, reason="错误")

    root = xml_of(client, "/feeds/documents/")
    channel = root.find("channel")

    assert root.tag == "rss" and root.get("version") == "2.0"
    assert channel is not None
    assert channel.findtext("title") == "最新公开的政府信息"
    assert [item.findtext("title") for item in channel.iter("item")] == ["较新的通知", "较早的通知"]
    assert item_links(channel) == [
        f"http://testserver/documents/{newer.pk}/",
        f"http://testserver/documents/{older.pk}/",
    ]
    first = next(channel.iter("item"))
    assert "新通知的概述。" in (first.findtext("description") or "")
    assert first.findtext("guid") == newer.index_no
    assert first.findtext("category") == "综合政务/政务公开"


def test_it_gives_each_organization_its_own_feed(region: Region, client: Client) -> None:
    grant(region, region.lisi, Role.EDITOR, region.edu)
    grant(region, region.wangwu, Role.REVIEWER, region.edu)
    fgw_doc = published(region, title="发展改革委的通知")
    edu_doc = published(region, title="教育局的通知", org=region.edu)

    channel = xml_of(client, "/feeds/orgs/edu/").find("channel")

    assert channel is not None
    assert channel.findtext("title") == "示例市教育局最新公开的政府信息"
    assert item_links(channel) == [f"http://testserver/documents/{edu_doc.pk}/"]
    assert f"/documents/{fgw_doc.pk}/" not in ET.tostring(channel, encoding="unicode")


ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_offers_the_same_entries_as_atom(region: Region, client: Client) -> None:
    document = published(region, title="原子订阅的通知", summary="概述。")

    for path in ("/feeds/documents/atom/", "/feeds/orgs/fgw/atom/"):
        feed = xml_of(client, path)
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["原子订阅的通知"]
        link = entries[0].find(f"{ATOM}link")
        assert link is not None and link.get("href") == f"http://testserver{document.get_url()}"
        assert entries[0].findtext(f"{ATOM}id") == document.index_no


def test_it_gives_each_column_a_feed_of_what_it_lists(region: Region, client: Client) -> None:
    from gongkai.publications.selectors import org_columns

    columns = {column.column_key: column for column in org_columns(org=region.fgw)}
    placed = published(region, title="放入政策文件栏目的通知", columns=["policies"])
    published(region, title="不在该栏目的通知")

    for path in (
        f"/feeds/columns/{columns['policies'].pk}/",
        f"/feeds/columns/{columns['policies'].pk}/atom/",
    ):
        body = client.get(path).content.decode()
        assert "放入政策文件栏目的通知" in body and str(placed.index_no) in body
        assert "不在该栏目的通知" not in body
    assert client.get("/feeds/columns/999999/").status_code == 404


def test_it_answers_404_for_the_feed_of_an_unknown_organization(region: Region, client: Client) -> None:
    assert client.get("/feeds/orgs/no-such-org/").status_code == 404


def test_it_puts_published_documents_and_pages_in_the_sitemap(region: Region, client: Client) -> None:
    portal_site_ensure()
    document = published(region)
    hidden = draft(region, title="草稿")

    root = xml_of(client, "/sitemap.xml")
    entries = {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for url in root.findall("sm:url", SITEMAP_NS)
    }

    document_url = f"http://testserver/documents/{document.pk}/"
    assert document_url in entries
    # The sitemap gives the local (Asia/Shanghai) date: between 16:00 and 24:00 UTC it is the next day's.
    assert (entries[document_url] or "")[:10] == timezone.localtime(document.updated_at).date().isoformat()
    assert f"http://testserver/documents/{hidden.pk}/" not in entries
    assert any(loc and loc.rstrip("/").endswith("/orgs") for loc in entries)  # a Wagtail page
