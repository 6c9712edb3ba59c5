"""Writes of the catalogue: drafting, review (保密审查), publication and withdrawal of documents.

The editorial state machine (``Document.status``)::

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──withdraw──▶ withdrawn
      ▲                  │  │                   │  └──publish(publish_at)──▶ scheduled ──tick──▶ published
      └──────return──────┘  └──────return───────┘

Every step checks the actor's role in the document's organization (gongkai.core.permissions), the
current status (StateConflict → 409 otherwise), validates before saving, keeps a Wagtail revision and
writes an audit entry with before/after (architecture rules 1 and 4).
"""

from __future__ import annotations

import datetime
import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.permissions import has_role, require_role
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage
from gongkai.publications.choices import (
    STATUTORY_ITEMS,
    Disclosure,
    DocumentKind,
    DocumentStatus,
    Genre,
    InterpretationForm,
    Validity,
    WithheldGround,
)
from gongkai.publications.index_no import format_index_no
from gongkai.publications.models import Document, DocumentAttachment, IndexSerial, Subject
from gongkai.publications.selectors import org_columns, subject_resolve
from gongkai.publications.serials import serial_take_next
from gongkai.publications.workflows import review_approve, review_reject, review_start

logger = logging.getLogger(__name__)

EDITOR_ROLES = [Role.EDITOR]
REVIEWER_ROLES = [Role.REVIEWER]
PUBLISHER_ROLES = [Role.REVIEWER, Role.ORG_ADMIN]
WITHDRAWER_ROLES = [Role.ORG_ADMIN, Role.REVIEWER]

# The fields an editor fills in (document_create's arguments, document_update's changes).
EDITABLE_FIELDS = (
    "title",
    "kind",
    "genre",
    "subject",
    "summary",
    "body",
    "doc_number",
    "keywords",
    "written_on",
    "formed_on",
    "effective_on",
    "repealed_on",
    "validity",
    "valid_until",
    "registration_no",
    "disclosure",
    "withheld_ground",
    "statutory_items",
    "interpretation_form",
)
M2M_FIELDS = ("joint_issuers", "interprets", "columns")
WORKFLOW_FIELDS = (
    "status",
    "index_no",
    "published_on",
    "go_live_at",
    "live",
    "submitted_by",
    "approved_by",
    "published_by",
    "returned_reason",
    "withdrawn_reason",
)
AUDITED_FIELDS = ("org", *EDITABLE_FIELDS, *WORKFLOW_FIELDS)
POLICY_KINDS = (DocumentKind.DOCUMENT, DocumentKind.NORMATIVE)
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")


# --- Validation --------------------------------------------------------------------------------------


class _Errors:
    """Collects Chinese messages per field, so one failed submit reports every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            field, messages = next(iter(self.by_field.items()))
            label = _field_label(field)
            raise ServiceValidationError(
                _("“%(field)s”：%(message)s") % {"field": label, "message": messages[0]}, self.by_field
            )


def _field_label(name: str) -> str:
    try:
        field: Any = Document._meta.get_field(name)
    except FieldDoesNotExist:  # a pseudo-field such as "reason"
        return {"reason": _("原因"), "publish_at": _("发布时间")}.get(name, name)
    return str(field.verbose_name)


def _normalize_keywords(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    items = KEYWORD_SEPARATORS.split(value) if isinstance(value, str) else [str(v) for v in value]
    seen: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in seen:
            seen.append(item)
    return seen


def sanitize_body(html: str) -> str:
    """Rich text from outside the editor (imports, the API) keeps formatting but loses scripts and styles."""
    return nh3.clean(html or "")


def _check_choices(document: Document, errors: _Errors) -> None:
    if document.genre not in Genre.values:
        errors.add(
            "genre",
            _("“%(value)s”不是有效的体裁，可选：%(choices)s。")
            % {"value": document.genre, "choices": "、".join(Genre.values)},
        )
    if document.kind not in DocumentKind.values:
        errors.add("kind", _("不是有效的类别，可选：document、interpretation、normative。"))
    if document.disclosure not in Disclosure.values:
        errors.add("disclosure", _("不是有效的公开属性，可选：proactive、on_request、withheld。"))
    if document.validity not in Validity.values:
        errors.add("validity", _("不是有效的有效性，可选：valid、expired、repealed、amended。"))


def _check_withheld(document: Document, errors: _Errors) -> None:
    """不予公开 must give its legal ground (条例第十四、十五、十六条); other attributes have none."""
    if document.disclosure == Disclosure.WITHHELD:
        if not document.withheld_ground:
            errors.add("withheld_ground", _("公开属性为不予公开时，必须选择不予公开的法定依据。"))
        elif document.withheld_ground not in WithheldGround.values:
            errors.add(
                "withheld_ground",
                _("不是有效的不予公开依据，可选：%(choices)s。")
                % {"choices": "、".join(WithheldGround.values)},
            )
    elif document.withheld_ground:
        errors.add("withheld_ground", _("只有不予公开的信息才填写不予公开依据。"))


def _check_statutory_items(document: Document, errors: _Errors) -> None:
    """条例第二十条 has items (一) to (十五): each tag is one of those numbers."""
    items = document.statutory_items
    if not isinstance(items, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in items):
        errors.add("statutory_items", _("应为第二十条项号（1至15的整数）的列表。"))
        return
    wrong = [i for i in items if i not in STATUTORY_ITEMS]
    if wrong:
        errors.add(
            "statutory_items",
            _("条例第二十条只有第1至15项，%(items)s不是有效项号。")
            % {"items": "、".join(str(i) for i in wrong)},
        )
    document.statutory_items = sorted(set(items))


def _check_dates(document: Document, errors: _Errors) -> None:
    today = timezone.localdate()
    if document.written_on and document.written_on > today:
        errors.add("written_on", _("成文日期不能晚于今天。"))
    if document.formed_on and document.formed_on > today:
        errors.add("formed_on", _("形成日期不能晚于今天。"))
    if document.written_on and document.effective_on and document.effective_on < document.written_on:
        errors.add("effective_on", _("生效日期不能早于成文日期。"))
    start = document.effective_on or document.written_on
    if start and document.valid_until and document.valid_until < start:
        errors.add("valid_until", _("有效期至不能早于生效日期或成文日期。"))
    if start and document.repealed_on and document.repealed_on < start:
        errors.add("repealed_on", _("废止日期不能早于生效日期或成文日期。"))


def _check_interpretation(document: Document, interprets: list[Document], errors: _Errors) -> None:
    """An interpretation interprets one or more policy documents that exist and that its author may see."""
    if document.kind != DocumentKind.INTERPRETATION:
        if interprets:
            errors.add("interprets", _("只有类别为政策解读的信息才能关联被解读的政策文件。"))
        if document.interpretation_form:
            errors.add("interpretation_form", _("只有政策解读才填写解读形式。"))
        return
    if not document.interpretation_form:
        document.interpretation_form = InterpretationForm.TEXT
    elif document.interpretation_form not in InterpretationForm.values:
        errors.add(
            "interpretation_form",
            _("不是有效的解读形式，可选：%(choices)s。") % {"choices": "、".join(InterpretationForm.values)},
        )
    if not interprets and "interprets" not in errors.by_field:  # not when the ids given were wrong
        errors.add("interprets", _("政策解读必须关联至少一件被解读的政策文件。"))
    for target in interprets:
        if document.pk and target.pk == document.pk:
            errors.add("interprets", _("政策解读不能解读自身。"))
        elif target.kind not in POLICY_KINDS:
            errors.add(
                "interprets", _("第%(id)s号信息不是政策文件或规范性文件，不能被解读。") % {"id": target.pk}
            )
        elif target.status == DocumentStatus.WITHDRAWN:
            errors.add("interprets", _("第%(id)s号文件已撤回，不能被解读。") % {"id": target.pk})


def _resolve_interprets(ids: Iterable[int], actor: Any, errors: _Errors) -> list[Document]:
    """The documents behind ``ids``; one the actor may not see counts as missing (no existence leak)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found = {d.pk: d for d in Document.objects.select_related("org").filter(pk__in=wanted)}
    targets: list[Document] = []
    for pk in wanted:
        target = found.get(pk)
        visible = target is not None and (
            target.status == DocumentStatus.PUBLISHED or has_role(actor, target.org, Role.values)
        )
        if target is None or not visible:
            errors.add("interprets", _("被解读的文件第%(id)s号不存在。") % {"id": pk})
        else:
            targets.append(target)
    return targets


def _resolve_columns(values: Iterable[Any], org: Organization, errors: _Errors) -> list[ColumnPage]:
    """The columns named by ``values`` (ColumnPage objects, column keys or titles), all of ``org``'s:
    a document appears only in its organization's columns (issue 3 item 1)."""
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    own = {column.pk: column for column in org_columns(org=org)}
    by_key = {column.column_key: column for column in own.values()}
    # A title is accepted too ("政策文件"), as clients of contract.md's ``column?`` already send it;
    # the key wins when both could match.
    by_title = {column.title: column for column in reversed(list(own.values()))}
    found: list[ColumnPage] = []
    for value in wanted:
        column = (
            own.get(value.pk)
            if isinstance(value, ColumnPage)
            else by_key.get(str(value)) or by_title.get(str(value))
        )
        if column is None:
            name = value.title if isinstance(value, ColumnPage) else str(value)
            errors.add("columns", _("栏目“%(name)s”不是%(org)s的栏目。") % {"name": name, "org": org.name})
        else:
            found.append(column)
    return found


def _check_fields(document: Document, errors: _Errors) -> None:
    """Django's own field checks (lengths, required title) for the fields not already reported."""
    if not document.title.strip():
        errors.add("title", _("标题不能为空。"))
    skip = {*errors.by_field, "org", "subject", "body", "created_by", "status"}
    try:
        document.clean_fields(exclude=[f.name for f in Document._meta.fields if f.name in skip])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(field, str(message))
    if document.registration_no:
        taken = Document.objects.filter(registration_no=document.registration_no).exclude(pk=document.pk)
        if taken.exists():
            errors.add("registration_no", _("登记号%(no)s已被使用。") % {"no": document.registration_no})


def _apply_changes(document: Document, changes: dict[str, Any], errors: _Errors) -> None:
    for field, value in changes.items():
        if field == "subject":
            subject = subject_resolve(value) if value not in (None, "") else None
            if subject is None:
                errors.add(
                    "subject",
                    _("“%(value)s”不是有效的主题分类，应为“一级分类/二级分类”，如“综合政务/政务公开”。")
                    % {"value": value},
                )
                continue
            if subject.parent_id is None and subject.children.exists():
                errors.add("subject", _("请选择“%(name)s”下的二级分类。") % {"name": subject.name})
                continue
            document.subject = subject
        elif field == "keywords":
            document.keywords = _normalize_keywords(value)
        elif field == "body":
            document.body = sanitize_body(value)
        elif field in ("title", "summary", "doc_number", "registration_no", "withheld_ground"):
            setattr(document, field, (value or "").strip())
        elif field == "statutory_items":
            document.statutory_items = list(value) if isinstance(value, list | tuple) else value
        else:
            setattr(document, field, value if value is not None else _empty_value(field))


def _empty_value(field: str) -> Any:
    model_field: Any = Document._meta.get_field(field)
    return None if model_field.null else ""


def _validate(
    document: Document, *, interprets: list[Document], joint_issuers: list[Organization], errors: _Errors
) -> None:
    _check_choices(document, errors)
    _check_withheld(document, errors)
    _check_statutory_items(document, errors)
    _check_dates(document, errors)
    _check_interpretation(document, interprets, errors)
    if any(org.pk == document.org_id for org in joint_issuers):
        errors.add("joint_issuers", _("联合发文机构不能包含发布机构本身。"))
    _check_fields(document, errors)
    errors.raise_if_any()


# --- Helpers of every step ---------------------------------------------------------------------------


LINK_FIELDS = ("joint_issuers", "interprets", "columns")
# Only these steps change a document's links; the workflow steps keep them, so their audit entry takes
# the links of ``before`` instead of reading them again (three queries a step, bench/bench_catalogue.py).
LINK_CHANGING_ACTIONS = frozenset({"gongkai.document.create", "gongkai.document.update"})


def _links(document: Document) -> dict[str, list[Any]]:
    """The document's links as its audit entries record them (joint issuers by code, interpreted
    documents by id, columns by key), each sorted: one query, a UNION ALL over the three link tables
    (it was three queries, before and after every step)."""

    def tagged(related: Any, field: str, key: Any) -> Any:
        # order_by(): the parts of a UNION may not carry their model's default ordering.
        return (
            related.order_by()
            .annotate(link=Value(field, output_field=CharField()), key=key)
            .values_list("link", "key")
        )

    joint_issuers = tagged(document.joint_issuers, "joint_issuers", F("code"))
    interprets = tagged(document.interprets, "interprets", Cast("pk", CharField()))
    columns = tagged(document.columns, "columns", F("column_key"))
    values: dict[str, list[Any]] = {field: [] for field in LINK_FIELDS}
    for field, key in joint_issuers.union(interprets, columns, all=True):
        values[field].append(int(key) if field == "interprets" else key)
    return {field: sorted(keys) for field, keys in values.items()}


def _state(document: Document, *, links_from: dict[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = snapshot(document, AUDITED_FIELDS)
    if links_from is not None:
        values.update({field: links_from[field] for field in LINK_FIELDS if field in links_from})
    elif document.pk:
        values.update(_links(document))
    return values


def _lock(document: Document) -> None:
    """Lock the row and reload it, so two reviewers acting at once see each other's result.

    One query: the row (FOR UPDATE of the document alone, not of its organization) with its
    organization, which every step needs fresh for the role check, the 索引号 and the audit entry.
    """
    locking = Document.objects.select_for_update(of=("self",))
    if not document.get_deferred_fields():
        # (A document loaded with only() keeps its deferred fields deferred, its organization included.)
        locking = locking.select_related("org")
    document.refresh_from_db(from_queryset=locking)


def _require_status(document: Document, allowed: Iterable[str], *, action: str) -> None:
    allowed = list(allowed)
    if document.status not in allowed:
        raise StateConflict(
            _("该文件当前状态为“%(status)s”，不能%(action)s；只有“%(allowed)s”状态的文件可以%(action)s。")
            % {
                "status": DocumentStatus(document.status).label,
                "action": action,
                "allowed": "、".join(str(DocumentStatus(s).label) for s in allowed),
            }
        )


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _record(
    document: Document,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any] | None,
    extra: dict[str, Any] | None = None,
    links: dict[str, list[Any]] | None = None,
) -> None:
    """Keep a Wagtail revision of the new state (comparable in the workbench) and write the audit entry.

    ``links`` are the document's links after the step when the caller knows them (a new document's);
    otherwise a step that may change them reads them, and the others keep those of ``before``.
    """
    document.save_revision(user=_user_or_none(actor), clean=False, changed=True)
    if document.status == DocumentStatus.PUBLISHED and document.live:
        # The revision just saved is the published state itself.
        document.live_revision = document.latest_revision
        document.has_unpublished_changes = False
        document.save(update_fields=["live_revision", "has_unpublished_changes"])
    audit_log(
        instance=document,
        action=action,
        actor=actor,
        org_code=document.org.code,
        before=before,
        after=_state(document, links_from=_links_after(action, before=before, links=links)),
        extra=extra,
    )


def _links_after(
    action: str, *, before: dict[str, Any] | None, links: dict[str, list[Any]] | None
) -> dict[str, Any] | None:
    """Where the audit entry's ``after`` takes the links from; None means: read them."""
    if links is not None:
        return links
    return None if action in LINK_CHANGING_ACTIONS else before


def _require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceValidationError(_("请填写原因。"), {field: [_("必须填写原因。")]})
    return reason


# --- Drafting ----------------------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    actor: Any,
    org: Organization,
    title: str,
    genre: str,
    subject: Subject | str,
    summary: str = "",
    body: str = "",
    kind: str = DocumentKind.DOCUMENT,
    doc_number: str = "",
    keywords: str | Sequence[str] | None = None,
    written_on: datetime.date | None = None,
    formed_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    repealed_on: datetime.date | None = None,
    validity: str = Validity.VALID,
    valid_until: datetime.date | None = None,
    registration_no: str = "",
    disclosure: str = Disclosure.PROACTIVE,
    withheld_ground: str = "",
    statutory_items: Sequence[int] | None = None,
    interpretation_form: str = "",
    interprets: Iterable[int] = (),
    joint_issuers: Iterable[Organization] = (),
    columns: Iterable[Any] = (),  # issue 3 item 1: ColumnPage objects or column keys of ``org``
) -> Document:
    """Draft a new item of government information in ``org``'s catalogue (editor of ``org``)."""
    require_role(actor, org, EDITOR_ROLES, action=_("起草政府信息"))
    document = Document(org=org, live=False, status=DocumentStatus.DRAFT, created_by=_user_or_none(actor))
    errors = _Errors()
    _apply_changes(
        document,
        {
            "title": title,
            "genre": genre,
            "subject": subject,
            "summary": summary,
            "body": body,
            "kind": kind,
            "doc_number": doc_number,
            "keywords": keywords,
            "written_on": written_on,
            "formed_on": formed_on,
            "effective_on": effective_on,
            "repealed_on": repealed_on,
            "validity": validity,
            "valid_until": valid_until,
            "registration_no": registration_no,
            "disclosure": disclosure,
            "withheld_ground": withheld_ground,
            "statutory_items": list(statutory_items or []),
            "interpretation_form": interpretation_form,
        },
        errors,
    )
    targets = _resolve_interprets(interprets, actor, errors)
    co_issuers = list(dict.fromkeys(joint_issuers))
    in_columns = _resolve_columns(columns, org, errors)  # issue 3 item 1
    _validate(document, interprets=targets, joint_issuers=co_issuers, errors=errors)
    document.save()
    # A new document has no links yet: add() them, only those given (set() would first read the
    # current ones, one query each), and record what was added without reading it back.
    if targets:
        document.interprets.add(*targets)
    if co_issuers:
        document.joint_issuers.add(*co_issuers)
    if in_columns:
        document.columns.add(*in_columns)
    links: dict[str, list[Any]] = {
        "joint_issuers": sorted({org.code for org in co_issuers}),
        "interprets": sorted({target.pk for target in targets}),
        "columns": sorted({column.column_key for column in in_columns}),
    }
    _record(document, actor=actor, action="gongkai.document.create", before=None, links=links)
    return document


@transaction.atomic
def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    """Edit a draft (also one returned by the reviewer); ``interprets`` and ``joint_issuers`` replace the
    current links. Submitted, approved and published documents are not edited (StateConflict)."""
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    _lock(document)
    require_role(actor, document.org, EDITOR_ROLES, action=_("修改政府信息"))
    _require_status(document, [DocumentStatus.DRAFT], action=_("修改"))
    before = _state(document)
    errors = _Errors()
    _apply_changes(document, {k: v for k, v in changes.items() if k not in M2M_FIELDS}, errors)
    if "interprets" in changes:
        targets = _resolve_interprets(changes["interprets"] or (), actor, errors)
    else:
        targets = list(document.interprets.all())
    if "joint_issuers" in changes:
        co_issuers = list(dict.fromkeys(changes["joint_issuers"] or ()))
    else:
        co_issuers = list(document.joint_issuers.all())
    # issue 3 item 1: ``columns`` replaces the columns the document appears in.
    in_columns = (
        _resolve_columns(changes["columns"] or (), document.org, errors) if "columns" in changes else []
    )
    _validate(document, interprets=targets, joint_issuers=co_issuers, errors=errors)
    document.save()
    if "interprets" in changes:
        document.interprets.set(targets)
    if "joint_issuers" in changes:
        document.joint_issuers.set(co_issuers)
    if "columns" in changes:
        document.columns.set(in_columns)
    _record(document, actor=actor, action="gongkai.document.update", before=before)
    return document


# --- Review (保密审查, 条例第十七条) ------------------------------------------------------------------


@transaction.atomic
def document_submit(*, actor: Any, document: Document) -> Document:
    """Send a draft to 保密审查 (editor of the organization)."""
    _lock(document)
    require_role(actor, document.org, EDITOR_ROLES, action=_("送审政府信息"))
    _require_status(document, [DocumentStatus.DRAFT], action=_("送审"))
    before = _state(document)
    document.status = DocumentStatus.SUBMITTED
    document.submitted_by = _user_or_none(actor)
    document.submitted_at = timezone.now()
    document.returned_reason = ""
    document.returned_at = None
    document.save()
    _record(document, actor=actor, action="gongkai.document.submit", before=before)
    # After the revision is saved: the workflow's task reviews exactly the submitted revision.
    review_start(document=document, actor=actor)
    return document


@transaction.atomic
def document_approve(*, actor: Any, document: Document) -> Document:
    """Pass 保密审查 (reviewer of the organization). Four-eyes: never the person who submitted it."""
    _lock(document)
    require_role(actor, document.org, REVIEWER_ROLES, action=_("审查政府信息"))
    _require_status(document, [DocumentStatus.SUBMITTED], action=_("审查通过"))
    if getattr(actor, "pk", None) is not None and actor.pk == document.submitted_by_id:
        # statutory.md §1: the reviewer must be a different person from the author (条例第十七条).
        raise ServicePermissionDenied(_("保密审查须由送审人以外的审查员进行：不能审查通过自己送审的文件。"))
    before = _state(document)
    if not review_approve(document=document, actor=actor):
        # An administrator added steps after 保密审查 to the workflow: the document waits for them.
        _record(document, actor=actor, action="gongkai.document.review_step", before=before)
        return document
    _mark_approved(document, actor=actor, before=before)
    return document


def _mark_approved(document: Document, *, actor: Any, before: dict[str, Any]) -> None:
    document.status = DocumentStatus.APPROVED
    document.approved_by = _user_or_none(actor)
    document.approved_at = timezone.now()
    document.save()
    _record(document, actor=actor, action="gongkai.document.approve", before=before)


@transaction.atomic
def document_review_finished(*, document: Document, actor: Any) -> Document:
    """The review workflow ended with a step decided in Wagtail's own screens (a step an administrator
    added, such as a group approval): the document is approved. Called by the workflow's finish hook;
    the step's own permission was checked by its task."""
    _lock(document)
    if document.status != DocumentStatus.SUBMITTED:
        return document  # nothing to do: returned or decided meanwhile
    _mark_approved(document, actor=actor, before=_state(document))
    return document


@transaction.atomic
def document_return(*, actor: Any, document: Document, reason: str) -> Document:
    """Send a submitted, approved or scheduled document back to its editor as a draft, with the
    reviewer's reason (this also cancels a scheduled publication)."""
    _lock(document)
    require_role(actor, document.org, REVIEWER_ROLES, action=_("退回政府信息"))
    _require_status(
        document,
        [DocumentStatus.SUBMITTED, DocumentStatus.APPROVED, DocumentStatus.SCHEDULED],
        action=_("退回"),
    )
    reason = _require_reason(reason)
    before = _state(document)
    review_reject(document=document, actor=actor, reason=reason)
    document.status = DocumentStatus.DRAFT
    document.returned_reason = reason
    document.returned_at = timezone.now()
    document.approved_by = None
    document.approved_at = None
    document.go_live_at = None  # a scheduled publication is cancelled with it
    document.save()
    _record(document, actor=actor, action="gongkai.document.return", before=before)
    return document


# --- Publication -------------------------------------------------------------------------------------


def _require_publishable(document: Document) -> None:
    if document.disclosure != Disclosure.PROACTIVE:
        raise StateConflict(
            _("公开属性为“%(disclosure)s”的信息不能主动发布。")
            % {"disclosure": Disclosure(document.disclosure).label}
        )
    if not document.org.credit_code:
        raise ServiceValidationError(
            _(
                "“%(org)s”没有统一社会信用代码，无法生成索引号，不能发布：请先在机构信息中填写统一社会信用代码。"
            )
            % {"org": document.org.name},
            {"org": [_("发布机构没有统一社会信用代码，无法生成索引号。")]},
        )


def index_no_assign(*, org: Organization, published_on: datetime.date) -> str:
    """The next 索引号 of ``org`` for ``published_on``'s year (statutory.md §1).

    Must run inside the publishing transaction: the serial row stays locked until it commits, so a
    concurrent publication of the same organization waits and then takes the next number.
    """
    if not org.credit_code:
        raise ServiceValidationError(
            _("“%(org)s”没有统一社会信用代码，无法生成索引号。") % {"org": org.name},
            {"org": [_("发布机构没有统一社会信用代码，无法生成索引号。")]},
        )
    serial = serial_take_next(IndexSerial, org=org, year=published_on.year)
    return format_index_no(credit_code=org.credit_code, published_on=published_on, serial=serial)


def _publish_now(document: Document, *, actor: Any) -> None:
    """Make the document public today: 索引号 (once, never changed), 发布日期, live."""
    now = timezone.now()
    document.published_on = timezone.localdate()
    if not document.index_no:  # immutable once assigned (statutory.md §1)
        document.index_no = index_no_assign(org=document.org, published_on=document.published_on)
    # 行政规范性文件 get their 登记号 and default 有效期 in the same transaction (statutory.md §9).
    from gongkai.publications.normative import normative_on_publish

    normative_on_publish(document)
    document.status = DocumentStatus.PUBLISHED
    document.live = True
    document.expired = False
    document.first_published_at = document.first_published_at or now
    document.last_published_at = now
    if _user_or_none(actor) is not None:
        document.published_by = actor
    document.save()


@transaction.atomic
def document_publish(
    *, actor: Any, document: Document, publish_at: datetime.datetime | None = None
) -> Document:
    """Publish an approved, proactively disclosed document now, or schedule it for ``publish_at``
    (reviewer or org_admin of the organization). Scheduled ones are published by ``tick``."""
    _lock(document)
    require_role(actor, document.org, PUBLISHER_ROLES, action=_("发布政府信息"))
    _require_status(document, [DocumentStatus.APPROVED], action=_("发布"))
    _require_publishable(document)
    before = _state(document)
    if publish_at is not None and timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    if publish_at is not None and publish_at > timezone.now():
        document.status = DocumentStatus.SCHEDULED
        document.go_live_at = publish_at
        document.published_by = _user_or_none(actor)
        document.save()
        _record(document, actor=actor, action="gongkai.document.schedule", before=before)
        return document
    _publish_now(document, actor=actor)
    _record(document, actor=actor, action="gongkai.document.publish", before=before)
    return document


@transaction.atomic
def document_create_published(
    *,
    actor: Any,
    org: Organization,
    approved_by: Any,
    title: str,
    genre: str,
    subject: Subject | str,
    body: str,
    written_on: datetime.date | None = None,
    columns: Iterable[Any] = (),
    files: Sequence[Any] = (),
) -> Document:
    """Create and publish at once a document whose text went through its own approval elsewhere — the
    annual report, approved by the org_admin before it is published (gongkai.reports; 条例第四十九条) —
    (org_admin of ``org``). ``approved_by`` is recorded as the reviewer; ``files`` (Django files with a
    name) become its attachments. The document gets its 索引号 and is live in ``columns`` at once."""
    require_role(actor, org, [Role.ORG_ADMIN], action=_("发布政府信息"))
    document = Document(org=org, live=False, status=DocumentStatus.DRAFT, created_by=_user_or_none(actor))
    errors = _Errors()
    fields = {"title": title, "genre": genre, "subject": subject, "body": body, "written_on": written_on}
    _apply_changes(document, fields, errors)
    in_columns = _resolve_columns(columns, org, errors)
    _validate(document, interprets=[], joint_issuers=[], errors=errors)
    _require_publishable(document)
    document.save()
    if in_columns:
        document.columns.add(*in_columns)
    links: dict[str, list[Any]] = {
        "joint_issuers": [],
        "interprets": [],
        "columns": sorted({column.column_key for column in in_columns}),
    }
    _record(document, actor=actor, action="gongkai.document.create", before=None, links=links)
    for number, file in enumerate(files, start=1):
        _attach_generated(document, file=file, actor=actor, sort_order=number)
    before = _state(document, links_from=links)
    now = timezone.now()
    document.submitted_by = _user_or_none(actor)
    document.submitted_at = document.approved_at = now
    document.approved_by = _user_or_none(approved_by)
    _publish_now(document, actor=actor)
    _record(document, actor=actor, action="gongkai.document.publish", before=before, links=links)
    return document


def _attach_generated(document: Document, *, file: Any, actor: Any, sort_order: int) -> None:
    """Attach a file the platform made itself (a DOCX or XLSX), checked like an upload."""
    _store_attachment(document, file=file, title="", actor=actor, sort_order=sort_order)


def _store_attachment(
    document: Document, *, file: Any, title: str, actor: Any, sort_order: int
) -> DocumentAttachment:
    """Keep ``file`` as a Wagtail document in the organization's media collection (so the organization's
    media permissions apply to it) and attach it to ``document``; its type is checked by content."""
    file_type = _attachment_type(file)
    title = (title or "").strip() or str(getattr(file, "name", "")).rsplit("/", 1)[-1]
    stored = get_document_model()(
        title=title[:255],
        file=file,
        collection=document.org.collection or Collection.get_first_root_node(),
        uploaded_by_user=_user_or_none(actor),
    )
    stored._set_document_file_metadata()
    stored.save()
    return DocumentAttachment.objects.create(
        document=document,
        file=stored,
        title=title[:200],
        sort_order=sort_order,
        file_type=file_type,
        file_size=stored.file_size or int(getattr(file, "size", 0) or 0),
    )


def document_publish_scheduled(*, now: datetime.datetime | None = None) -> int:
    """Publish every scheduled document whose time has come; returns how many (the ``tick`` job).

    Idempotent and safe to run twice at once: each document is claimed by a conditional UPDATE
    (scheduled → publishing) in the transaction that publishes it, so only one run acts on it. A document
    that cannot be published (its organization lost its credit code) stays scheduled and is logged.
    """
    now = now or timezone.now()
    due = Document.objects.filter(status=DocumentStatus.SCHEDULED, go_live_at__lte=now)
    published = 0
    for pk in list(due.order_by("go_live_at", "pk").values_list("pk", flat=True)):
        try:
            published += _publish_scheduled_one(pk=pk, now=now)
        except (ServiceValidationError, StateConflict) as exc:
            logger.warning("scheduled document %s not published: %s", pk, exc.message)
    return published


@transaction.atomic
def _publish_scheduled_one(*, pk: int, now: datetime.datetime) -> int:
    claimed = Document.objects.filter(pk=pk, status=DocumentStatus.SCHEDULED, go_live_at__lte=now).update(
        status=DocumentStatus.PUBLISHING
    )
    if not claimed:
        return 0  # another tick got there first
    document = Document.objects.select_related("org").get(pk=pk)
    before = _state(document)
    before["status"] = DocumentStatus.SCHEDULED
    _require_publishable(document)
    _publish_now(document, actor=None)
    _record(
        document,
        actor=None,
        action="gongkai.document.publish",
        before=before,
        extra={"scheduled_by": document.published_by_id, "go_live_at": document.go_live_at},
    )
    return 1


@transaction.atomic
def document_withdraw(*, actor: Any, document: Document, reason: str) -> Document:
    """Withdraw a published document (org_admin or reviewer). It keeps its 索引号 and URL, which answers
    with a notice and the reason from now on."""
    _lock(document)
    require_role(actor, document.org, WITHDRAWER_ROLES, action=_("撤回政府信息"))
    _require_status(document, [DocumentStatus.PUBLISHED], action=_("撤回"))
    reason = _require_reason(reason)
    before = _state(document)
    document.status = DocumentStatus.WITHDRAWN
    document.live = False
    document.withdrawn_reason = reason
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = _user_or_none(actor)
    document.save()
    _record(document, actor=actor, action="gongkai.document.withdraw", before=before)
    return document


# --- Attachments (附件, issue 3 item 1) ----------------------------------------------------------------

ATTACHMENT_MAX_MB_DEFAULT = 50
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of legacy .doc and .xls files
ZIP_MAGIC = b"PK\x03\x04"
# What a file of each accepted type begins with; a ZIP-based type also names a member it must contain.
ATTACHMENT_TYPES: dict[str, tuple[bytes, str | None]] = {
    "pdf": (b"%PDF-", None),
    "doc": (OLE2_MAGIC, None),
    "xls": (OLE2_MAGIC, None),
    "docx": (ZIP_MAGIC, "word/"),
    "xlsx": (ZIP_MAGIC, "xl/"),
    "ofd": (ZIP_MAGIC, "OFD.xml"),
    "zip": (ZIP_MAGIC, None),
    "png": (b"\x89PNG\r\n\x1a\n", None),
    "jpg": (b"\xff\xd8\xff", None),
    "jpeg": (b"\xff\xd8\xff", None),
}


def attachment_max_mb() -> int:
    """The upload limit of one attachment in MB (settings.GONGKAI_ATTACHMENT_MAX_MB)."""
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", ATTACHMENT_MAX_MB_DEFAULT))


def _attachment_max_bytes() -> int:
    return attachment_max_mb() * 1024 * 1024


def _zip_has_member(file: Any, prefix: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)


def _attachment_type(file: Any) -> str:
    """The accepted type of an upload, checked by its extension AND its content, or a Chinese error
    naming the field: a renamed executable must not pass for a PDF."""
    name = str(getattr(file, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    accepted = "、".join(sorted({"jpg" if ext == "jpeg" else ext for ext in ATTACHMENT_TYPES}))
    if extension not in ATTACHMENT_TYPES:
        raise ServiceValidationError(
            _("“附件”：不支持的文件类型“%(ext)s”，只能上传%(accepted)s文件。")
            % {"ext": extension or _("无扩展名"), "accepted": accepted},
            {"file": [_("不支持的文件类型。")]},
        )
    magic, member = ATTACHMENT_TYPES[extension]
    file.seek(0)
    head = file.read(len(magic))
    file.seek(0)
    if head != magic or (member is not None and not _zip_has_member(file, member)):
        raise ServiceValidationError(
            _("“附件”：文件内容不是%(ext)s格式，请上传真实的%(ext)s文件。") % {"ext": extension.upper()},
            {"file": [_("文件内容与扩展名不符。")]},
        )
    return "jpg" if extension == "jpeg" else extension


@transaction.atomic
def document_attachment_add(
    *, actor: Any, document: Document, file: Any, title: str = ""
) -> DocumentAttachment:
    """Attach a file to a draft (editor of the organization)."""
    _lock(document)
    require_role(actor, document.org, EDITOR_ROLES, action=_("上传附件"))
    _require_status(document, [DocumentStatus.DRAFT], action=_("上传附件"))
    size = int(getattr(file, "size", 0) or 0)
    limit = _attachment_max_bytes()
    if size > limit:
        raise ServiceValidationError(
            _("“附件”：文件大小超过上限%(mb)sMB。") % {"mb": limit // (1024 * 1024)},
            {"file": [_("文件过大。")]},
        )
    last = document.attachments.aggregate(last=Max("sort_order"))["last"] or 0
    attachment = _store_attachment(document, file=file, title=title, actor=actor, sort_order=last + 1)
    # Logged on the document, as a change of the draft (the action the workbench already knows).
    audit_log(
        instance=document,
        action="gongkai.document.update",
        actor=actor,
        org_code=document.org.code,
        extra={
            "attachment_added": {
                "title": attachment.title,
                "type": attachment.file_type,
                "size": attachment.file_size,
            }
        },
    )
    return attachment


@transaction.atomic
def document_attachment_remove(*, actor: Any, attachment: DocumentAttachment) -> None:
    """Remove an attachment from a draft (editor of the organization), with its stored file. The
    numbers of the other attachments (their public URLs) do not change."""
    document = attachment.document
    _lock(document)
    require_role(actor, document.org, EDITOR_ROLES, action=_("删除附件"))
    _require_status(document, [DocumentStatus.DRAFT], action=_("删除附件"))
    removed = {"title": attachment.title, "type": attachment.file_type, "size": attachment.file_size}
    stored = attachment.file
    attachment.delete()
    # The Wagtail document was made for this attachment alone (document_attachment_add); deleting it
    # removes the file from storage too.
    stored.delete()
    audit_log(
        instance=document,
        action="gongkai.document.update",
        actor=actor,
        org_code=document.org.code,
        extra={"attachment_removed": removed},
    )


def document_attachment_count_download(*, attachment: DocumentAttachment) -> None:
    """Count one public download; F() so simultaneous downloads never lose a count (no audit entry:
    a reader's download is not an act of the administration)."""
    DocumentAttachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)
