"""The staff workbench in Chinese: locale/zh_Hans fills the gaps in Wagtail's own zh_Hans catalogue."""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import translation

from gongkai.core.testing import Region

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"

# Wagtail's zh_Hans catalogue "translates" these to themselves, which is right in a Chinese interface.
SAME_IN_CHINESE = {"URL", "ID", "%(range_start)s - %(range_end)s", "Wagtail API v2"}

# English that no catalogue can reach: Wagtail hard-codes aria-label="Actions" in
# wagtailadmin/shared/headers/_actions.html.
UNTRANSLATABLE = {"Actions"}

# Content, not interface: the titles of the pages Wagtail's own migrations create in a fresh database.
WAGTAIL_SEED_CONTENT = {"Root", "Welcome to your new Wagtail site!"}


def po_entries(path: Path) -> Iterator[tuple[str, str | None, str]]:
    """(msgid, msgid_plural, first msgstr) of each entry of a .po file, header and obsolete entries
    left out. Enough of the format for the catalogues Wagtail and we ship; polib is not a dependency."""
    fields: dict[str, str] = {}
    current = ""

    def entry() -> Iterator[tuple[str, str | None, str]]:
        if fields.get("msgid"):
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            yield fields["msgid"], fields.get("msgid_plural"), msgstr
        fields.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        keyword = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if keyword:
            if keyword.group(1) in ("msgid", "msgctxt") and "msgstr" in "".join(fields):
                yield from entry()
            current = keyword.group(1)
            fields[current] = ast.literal_eval(keyword.group(2))
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        elif not line:
            yield from entry()
    yield from entry()


def wagtail_catalogues() -> list[Path]:
    """The English source catalogues of the Wagtail apps this installation runs."""
    paths = [Path(app.path) / "locale" / "en" / "LC_MESSAGES" / "django.po" for app in apps.get_app_configs()]
    return [path for path in paths if "wagtail" in path.parts and path.exists()]


class _InterfaceText(HTMLParser):
    """Collects what a reader sees or hears: text outside scripts and icons, and labelling attributes."""

    HIDDEN = {"script", "style", "svg", "template"}
    LABELS = {"placeholder", "aria-label", "title", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        self.texts += [value for name, value in attrs if name in self.LABELS and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.texts.append(data)


def english_leftovers(page: str) -> set[str]:
    """Interface text of a page that is English words without any Chinese."""
    parser = _InterfaceText()
    parser.feed(page)
    texts = {text.strip() for text in parser.texts}
    return {
        text for text in texts if re.search(r"[A-Za-z]{2,}", text) and not re.search(r"[\u4e00-\u9fff]", text)
    }


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("Search all pages…", "搜索所有页面…"),
        ("Schedule to publish", "定时发布"),
        ("Date updated", "更新日期"),
        ("Page type", "页面类型"),
        ("Locked by you", "由您锁定"),
        ("More bulk actions", "更多批量操作"),
        ("Theme preferences", "主题偏好"),
        ("Private, accessible with a shared password", "私有，凭共享密码访问"),
    ],
)
def test_it_translates_strings_wagtail_leaves_in_english(msgid: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese


@pytest.mark.parametrize(
    ("msgid", "chinese", "wagtails_wording"),
    [("live", "已发布", "在用"), ("Created", "已创建", "创建时间"), ("Action", "操作", "行为")],
)
def test_it_corrects_wagtail_wording_that_misleads(msgid: str, chinese: str, wagtails_wording: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese != wagtails_wording


def test_it_counts_with_the_one_chinese_plural_form() -> None:
    singular = '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>'
    plural = '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>'

    with translation.override("zh-hans"):
        counts = [
            translation.ngettext(singular, plural, n) % {"total": n, "site_name": "门户"} for n in (0, 1, 7)
        ]

    assert counts == [f'{n} 张图片<span class="w-sr-only">，位于门户</span>' for n in (0, 1, 7)]


def test_it_leaves_no_wagtail_admin_message_untranslated() -> None:
    catalogues = wagtail_catalogues()
    assert len(catalogues) >= 10  # admin, users, snippets, documents, images, core, ...
    untranslated = []
    with translation.override("zh-hans"):
        for path in catalogues:
            for msgid, msgid_plural, _ in po_entries(path):
                if msgid in SAME_IN_CHINESE:
                    continue
                if msgid_plural is None:
                    translated = translation.gettext(msgid) != msgid
                else:
                    translated = translation.ngettext(msgid, msgid_plural, 2) != msgid_plural
                if not translated:
                    untranslated.append(f"{path.parents[3].name}: {msgid}")

    assert untranslated == []


def test_it_ships_a_compiled_catalogue_that_matches_its_source() -> None:
    # The .mo is committed so that a fresh machine needs no gettext tools; it must not lag the .po.
    with (CATALOGUE / "django.mo").open("rb") as compiled_file:
        compiled = gnu_gettext.GNUTranslations(compiled_file)
    entries = list(po_entries(CATALOGUE / "django.po"))

    assert len(entries) > 300
    for msgid, msgid_plural, msgstr in entries:
        if msgid_plural is None:
            assert compiled.gettext(msgid) == msgstr, msgid
        else:
            assert compiled.ngettext(msgid, msgid_plural, 1) == msgstr, msgid


OWN_CATALOGUE = Path(settings.BASE_DIR) / "gongkai" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_it_ships_our_own_messages_translated_to_themselves_and_compiled() -> None:
    # scripts/messages.py (make messages): a message found in a catalogue costs a dictionary look-up, one
    # found nowhere walks every catalogue and fallback (docs/performance.md).
    with (OWN_CATALOGUE / "django.mo").open("rb") as compiled_file:
        compiled = gnu_gettext.GNUTranslations(compiled_file)
    entries = list(po_entries(OWN_CATALOGUE / "django.po"))

    assert len(entries) > 1000
    for msgid, msgid_plural, msgstr in entries:
        assert msgstr == msgid, msgid
        # Only Chinese messages: Wagtail's English ones keep Wagtail's translation.
        assert re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", msgid + (msgid_plural or "")), msgid
        if msgid_plural is None:
            assert compiled.gettext(msgid) == msgid, msgid
    ours = {msgid for msgid, _plural, _msgstr in entries}
    assert {"依申请公开案件队列", "拟制告知书", "作废原因"} <= ours  # from views, templates and forms


def test_it_finds_our_messages_in_the_first_catalogue_not_down_the_fallbacks() -> None:
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    assert "依申请公开案件队列" in catalogue and "Save" in catalogue


@pytest.mark.django_db
def test_it_shows_the_dashboard_in_chinese(region: Region, client: Client) -> None:
    client.force_login(region.lisi)

    response = client.get("/staff/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Search all pages" not in page
    assert 'placeholder="搜索所有页面…"' in page
    assert re.search(r"\d+ 个页面", page)
    assert not re.search(r"\d+ (Page|Image|Document)s?\b", page)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/staff/", "/staff/pages/", "/staff/reports/site-history/"])
def test_it_leaves_no_english_on_everyday_screens(region: Region, client: Client, url: str) -> None:
    client.force_login(region.admin)

    response = client.get(url, follow=True)

    assert response.status_code == 200
    assert english_leftovers(response.content.decode()) - UNTRANSLATABLE - WAGTAIL_SEED_CONTENT == set()


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "zh-CN,zh;q=0.9"])
def test_it_shows_the_login_form_in_chinese(client: Client, accept_language: str | None) -> None:
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/staff/login/", headers=headers)

    assert response.status_code == 200
    page = response.content.decode()
    label = re.search(r'id="id_password-label">\s*([^<]*)<', page)
    assert label is not None
    assert label.group(1).strip() == "密码"
    assert english_leftovers(page) == set()
