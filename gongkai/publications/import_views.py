"""从Word导入: an editor uploads a .docx 公文 and lands on the ordinary 添加 form of a document, filled in
with what gongkai.publications.gongwen read from it (标题, 发文字号, 成文日期, 发文机关, 体裁, 正文).

Nothing is saved by the upload: the suggestions wait in the session under a one-time token that the add
view (viewsets.DocumentCreateView) turns into the form's initial values, and the document exists only
when the editor saves that form through document_create, with every check of the services.
"""

from __future__ import annotations

import datetime
import secrets
import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from lxml import etree
from wagtail.admin import messages

from gongkai.core.permissions import org_ids_where
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for, org_match_issuer
from gongkai.publications.gongwen import GongwenParse, parse_docx
from gongkai.publications.services import EDITOR_ROLES

URL_NAMESPACE = "wagtailsnippets_publications_document"
SESSION_KEY = "publications.docx_imports"
IMPORT_PARAM = "import"
KEPT_IMPORTS = 3  # suggestions of the last few uploads stay in the session (one per open tab)
DOCX_MAX_MB_DEFAULT = 20  # a 公文 with pictures; larger files are attachments, not 公文 to read
# Uncompressed size of word/document.xml we are willing to parse (a zip bomb must not eat the server).
DOCUMENT_XML_MAX_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
FIELD_LABEL = gettext_lazy("Word 公文")


def docx_max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_DOCX_IMPORT_MAX_MB", DOCX_MAX_MB_DEFAULT)) * 1024 * 1024


def may_import(user: Any) -> bool:
    """Only people who may draft somewhere (an editor, or a platform admin) import a 公文."""
    editor_orgs = org_ids_where(user, EDITOR_ROLES)
    return editor_orgs is None or bool(editor_orgs)


def _field_error(message: str) -> forms.ValidationError:
    return forms.ValidationError(
        _("“%(field)s”：%(message)s") % {"field": FIELD_LABEL, "message": message}, code="invalid"
    )


def _is_docx_package(file: Any) -> bool:
    """A real .docx is a ZIP holding word/document.xml (a renamed .doc, PDF or plain ZIP is not)."""
    file.seek(0)
    head = file.read(len(ZIP_MAGIC))
    file.seek(0)
    if head != ZIP_MAGIC:
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("word/document.xml")
            return info.file_size <= DOCUMENT_XML_MAX_BYTES
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)


class DocxImportForm(forms.Form):
    """The upload: one .docx file, checked by extension, size and content, then read."""

    parsed: GongwenParse

    file = forms.FileField(
        label=FIELD_LABEL,
        help_text=gettext_lazy(
            "上传 .docx 格式的公文，读取标题、发文字号、成文日期、发文机关和正文，填入新建表单。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        error_messages={
            "required": gettext_lazy("“Word 公文”：请选择要导入的 .docx 文件。"),
            "empty": gettext_lazy("“Word 公文”：上传的文件是空的。"),
            "invalid": gettext_lazy("“Word 公文”：没有收到文件，请重新选择。"),
            "missing": gettext_lazy("“Word 公文”：没有收到文件，请重新选择。"),
        },
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        name = str(getattr(file, "name", "") or "")
        if not name.lower().endswith(".docx"):
            raise _field_error(
                _("只能上传 .docx 格式的 Word 文件，“%(name)s”不是；旧版 .doc 或 WPS 文件请先另存为 .docx。")
                % {"name": name}
            )
        limit = docx_max_bytes()
        if int(getattr(file, "size", 0) or 0) > limit:
            raise _field_error(_("文件大小超过上限%(mb)sMB。") % {"mb": limit // (1024 * 1024)})
        if not _is_docx_package(file):
            raise _field_error(_("文件内容不是 Word（.docx）文档，可能已损坏或只是改了扩展名。"))
        try:
            self.parsed = parse_docx(file)
        except (KeyError, ValueError, zipfile.BadZipFile, OSError, etree.LxmlError) as exc:
            raise _field_error(_("无法读取该 Word 文档，可能已损坏，请在 Word 中另存后重试。")) from exc
        finally:
            file.seek(0)
        return file


# --- From the parse to the add form -----------------------------------------------------------------


def _choose_org(user: Any, parsed: GongwenParse) -> tuple[Organization | None, str]:
    """The issuing organization when the person is its editor, else their first editor organization,
    with a note saying why when the 公文 names another one."""
    editable = list(org_list_for(user=user, roles=list(EDITOR_ROLES)))
    matched = org_match_issuer(issuer=parsed.issuer, mark=parsed.issuer_mark) if parsed.issuer else None
    if matched is not None and matched in editable:
        return matched, ""
    fallback = editable[0] if editable else None
    if fallback is None or not parsed.issuer:
        return fallback, ""
    if matched is not None:
        note = _("发文机关是“%(issuer)s”，您不是该机构的信息编辑，已暂选“%(org)s”，请核对“发布机构”。")
        return fallback, note % {"issuer": matched.name, "org": fallback.name}
    note = _("发文机关“%(issuer)s”不是本平台的机构，已暂选“%(org)s”，请核对“发布机构”。")
    return fallback, note % {"issuer": parsed.issuer, "org": fallback.name}


def _joint_issuer_ids(parsed: GongwenParse, org: Organization | None) -> list[int]:
    found = (org_match_issuer(issuer=name) for name in parsed.joint_issuers)
    return [o.pk for o in found if o is not None and (org is None or o.pk != org.pk)]


def suggestions_initial(parsed: GongwenParse, org: Organization | None) -> dict[str, Any]:
    """The add form's initial values (JSON-safe: they wait in the session)."""
    written_on = parsed.written_on.isoformat() if parsed.written_on else None
    return {
        "org": org.pk if org else None,
        "title": parsed.title,
        "doc_number": parsed.doc_number,
        "genre": parsed.genre,
        "written_on": written_on,
        # A 公文 is formed when it is signed and dated; the 20-working-day clock (条例第二十六条) starts
        # there unless the editor knows better.
        "formed_on": written_on,
        "body": parsed.body,
        "joint_issuers": _joint_issuer_ids(parsed, org),
    }


def _stash(request: HttpRequest, initial: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(12)
    kept: dict[str, Any] = dict(request.session.get(SESSION_KEY) or {})
    kept[token] = initial
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_IMPORTS:])
    return token


def docx_import_initial(request: HttpRequest) -> dict[str, Any]:
    """The suggestions of the upload named by ``?import=<token>`` (for DocumentCreateView), or {}."""
    token = request.GET.get(IMPORT_PARAM, "")
    stored = (request.session.get(SESSION_KEY) or {}).get(token) if token else None
    if not isinstance(stored, dict):
        return {}
    initial = {name: value for name, value in stored.items() if value not in (None, "", [])}
    for name in ("written_on", "formed_on"):
        if name in initial:
            initial[name] = datetime.date.fromisoformat(initial[name])
    return initial


def _report(request: HttpRequest, parsed: GongwenParse, file_name: str, notes: list[str]) -> None:
    found = [
        label
        for label, value in (
            (_("标题"), parsed.title),
            (_("发文字号"), parsed.doc_number),
            (_("成文日期"), parsed.written_on),
            (_("发文机关"), parsed.issuer),
            (_("正文"), parsed.body),
        )
        if value
    ]
    if parsed.attachments:
        notes.append(
            _("正文列有附件：%(names)s，请保存后在附件中上传。") % {"names": "、".join(parsed.attachments)}
        )
    notes.append(_("主题分类、公开属性等目录信息请补充完整。"))
    summary = _("已从“%(file)s”读取%(found)s，请核对后保存；保存之前不会创建任何文件。") % {
        "file": file_name,
        "found": "、".join(found) or _("（没有可读取的内容）"),
    }
    items = format_html_join("", "<li>{}</li>", ((note,) for note in notes))
    text = format_html("{}<ul>{}</ul>", summary, items)
    if parsed.warnings:
        messages.warning(request, text)
    else:
        messages.success(request, text)


class DocumentImportDocxView(View):
    """The upload page (GET) and the reading of the file (POST), then off to the pre-filled add form."""

    template_name = "publications/admin/document_import_docx.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_import(request.user):
            # A real 403 (Wagtail would turn PermissionDenied into a redirect home), saying why.
            reason = _("只有信息编辑可以从Word导入公文：您在任何机构都没有信息编辑角色。")
            return self.render(None, reason=reason, status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(DocxImportForm())

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = DocxImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        parsed: GongwenParse = form.parsed
        org, org_note = _choose_org(request.user, parsed)
        token = _stash(request, suggestions_initial(parsed, org))
        notes = [*parsed.warnings, *([org_note] if org_note else [])]
        _report(request, parsed, str(form.cleaned_data["file"].name), notes)
        return redirect(f"{reverse(f'{URL_NAMESPACE}:add')}?{IMPORT_PARAM}={token}")

    def render(self, form: DocxImportForm | None, *, reason: str = "", status: int = 200) -> HttpResponse:
        list_url = reverse(f"{URL_NAMESPACE}:list")
        title = _("从Word导入")
        context = {
            "form": form,
            "denied_reason": reason,
            "action_url": reverse(f"{URL_NAMESPACE}:import_docx"),
            "list_url": list_url,
            "max_mb": docx_max_bytes() // (1024 * 1024),
            "page_title": title,
            "header_title": title,
            "header_icon": "doc-full",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("工作台")},
                {"url": list_url, "label": _("政府信息")},
                {"url": "", "label": title},
            ],
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)
