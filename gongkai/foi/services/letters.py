"""Letters of a case: drafted by the handler, approved by the head of the disclosure office, sent.

A letter that is a step of the procedure carries that step's event (补正告知书 → correction_requested,
延期答复告知书 → extension, 征求意见函 → consultation_started, 收费通知书 → fee_notice, 延迟答复告知书 →
custom_due, 答复告知书 → reply): the event is recorded when the letter is sent, on the day it is sent, so
the case's dates follow the letter the applicant actually received. Drafting already runs the event
through the deadline engine, so a letter the case's state does not allow is refused before anyone
writes it, and the dates it quotes (the new reply date, the end of a period) are the engine's.

The letter is composed again when it is sent, with the send date as its 成文日期 and the dates that
follow from it; the staff's wording (``fields``) is what was approved. The DOCX that went out is kept.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import require_role
from gongkai.foi import engine_bridge
from gongkai.foi.choices import (
    ConsultationParty,
    Delivery,
    EventType,
    FeeMethod,
    LetterKind,
    LetterStatus,
    Outcome,
)
from gongkai.foi.deadlines import ClockKind, Deadlines, EventNotAllowed
from gongkai.foi.letters import Letter, LetterContext, compose_letter, render_docx, render_text
from gongkai.foi.models import FoiCase, FoiEvent, FoiLetter
from gongkai.foi.services.common import HANDLER_ROLES, HEAD_ROLES, user_or_none
from gongkai.foi.services.events import fee_amount_for, foi_case_record_event

# The event each letter brings; a transfer letter brings none.
EVENT_OF_LETTER = {
    LetterKind.CORRECTION: EventType.CORRECTION_REQUESTED,
    LetterKind.EXTENSION: EventType.EXTENSION,
    LetterKind.CONSULTATION: EventType.CONSULTATION_STARTED,
    LetterKind.FEE: EventType.FEE_NOTICE,
    LetterKind.CUSTOM_DUE: EventType.CUSTOM_DUE,
    LetterKind.REPLY: EventType.REPLY,
}

# The staff's part of a letter, by kind: the LetterContext fields they write, and the event's data.
TEXT_FIELDS = (
    "doc_number",
    "contact",
    "attachments",
    "correction_items",
    "extension_reason",
    "consulted_party",
    "fee_payment_instructions",
    "reasons",
    "public_location",
    "disclosure_manner",
    "responsible_agency",
    "responsible_agency_contact",
    "other_channel",
    "previous_reply",
    "other_basis",
    "custom_due_reason",
    "transfer_target",
    "transfer_target_contact",
)


def _event_data(kind: LetterKind, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The event's parameters, as foi_case_record_event takes them, from the letter's fields."""
    if kind == LetterKind.CORRECTION:
        return {
            "period_workdays": fields.get("correction_workdays"),
            "items": "；".join(fields.get("correction_items") or ()),
        }
    if kind == LetterKind.EXTENSION:
        return {"workdays": fields.get("extension_workdays"), "reason": fields.get("extension_reason", "")}
    if kind == LetterKind.CONSULTATION:
        return {
            "party": fields.get("consultation_party_kind"),
            "addressee": fields.get("consulted_party", ""),
        }
    if kind == LetterKind.FEE:
        return {"method": fields.get("fee_method"), "pages": fields.get("fee_pages")}
    if kind == LetterKind.CUSTOM_DUE:
        due = fields.get("custom_due")
        if isinstance(due, datetime.date):  # the event stores it as the API sends it (ISO text)
            due = due.isoformat()
        return {"due_on": due, "reason": fields.get("custom_due_reason", "")}
    if kind == LetterKind.REPLY:
        return {"outcome": fields.get("outcome")}
    return {}


def _preview(case: FoiCase, kind: LetterKind, on: datetime.date, fields: Mapping[str, Any]) -> Deadlines:
    """The case's dates if the letter's event happened on ``on``: refuses (409) what the state does not
    allow, and gives the dates the letter quotes. Nothing is saved."""
    rows = list(case.events.order_by("sequence"))
    event_type = EVENT_OF_LETTER.get(kind)
    if event_type is not None:
        data = {key: value for key, value in _event_data(kind, fields).items() if value not in (None, "")}
        if event_type == EventType.FEE_NOTICE:
            data["amount"] = str(fee_amount_for(case, data))
        if event_type == EventType.CONSULTATION_STARTED:
            data["consultation"] = -1  # a key of its own: the real id exists once the letter is sent
        rows.append(FoiEvent(case=case, sequence=len(rows), type=event_type, on=on, data=data))
    try:
        return engine_bridge.deadlines_of(rows, today=max(on, rows[-1].on))
    except (EventNotAllowed, KeyError, ValueError, TypeError) as refusal:
        reason = getattr(refusal, "reason", None) or _("文书所需的信息不完整：%(error)s") % {"error": refusal}
        raise StateConflict(reason) from refusal


def _context(case: FoiCase, kind: LetterKind, on: datetime.date, fields: Mapping[str, Any]) -> LetterContext:
    result = _preview(case, kind, on, fields)
    reconsideration_body, court = case.org.remedy_bodies()
    values: dict[str, Any] = {name: fields[name] for name in TEXT_FIELDS if fields.get(name)}
    for name in ("attachments", "correction_items"):
        if name in values:
            values[name] = tuple(values[name])
    context = LetterContext(
        issuer=case.org.name,
        applicant_name=case.applicant_name,
        case_number=case.number,
        received_on=case.received_on or case.submitted_on,
        request_description=case.info_name or case.description,
        letter_date=on,
        reconsideration_body=reconsideration_body,
        court=court,
        **values,
    )
    context = dataclasses.replace(context, **_dated_fields(case, kind, fields, result))
    if kind == LetterKind.TRANSFER:
        context = _transfer_context(case, context, result)
    return context


def _transfer_context(case: FoiCase, context: LetterContext, result: Deadlines) -> LetterContext:
    """The 转办告知书 of a case handed on within the platform: the notice of the organization that handed it
    on (条例第三十六条第（五）项: 不属于本机关负责公开的), naming the one that received it, on the day of
    the transfer, with the reply date the case keeps (gongkai.foi.services.transfer). The receiving
    organization, which now holds the case, prepares it (the handing-over one no longer sees the case)."""
    from gongkai.foi.selectors import foi_case_last_transfer

    transfer = foi_case_last_transfer(case=case)
    if transfer is None:
        raise StateConflict(_("本案没有从其他机关转来的记录，不能拟制转办告知书。"))
    return dataclasses.replace(
        context,
        issuer=transfer.from_org_name or context.issuer,
        issuer_mark="",
        transfer_target=context.transfer_target or transfer.to_org_name,
        transferred_on=transfer.on,
        transfer_reply_due=result.due_on if case.is_open else None,
    )


def _dated_fields(
    case: FoiCase, kind: LetterKind, fields: Mapping[str, Any], result: Deadlines
) -> dict[str, Any]:
    """The numbers and dates a letter quotes, as the engine computed them for its event."""
    if kind == LetterKind.CORRECTION:
        return {
            "correction_workdays": fields.get("correction_workdays"),
            "correction_due": result.correction_period_ends_on,
        }
    if kind == LetterKind.EXTENSION:
        return {"extension_workdays": fields.get("extension_workdays"), "new_due": result.due_on}
    if kind == LetterKind.CONSULTATION:
        clocks = result.clocks_of(ClockKind.CONSULTATION)
        return {
            "consultation_party_kind": ConsultationParty(str(fields.get("consultation_party_kind"))),
            "consultation_answer_by": clocks[-1].due_on if clocks else None,
        }
    if kind == LetterKind.FEE:
        method = FeeMethod(str(fields.get("fee_method")))
        data = {"method": method, "pages": fields.get("fee_pages")}
        from gongkai.foi.services.events import applications_in_month

        quantity = fields.get("fee_pages") if method == FeeMethod.PER_PAGE else applications_in_month(case)
        payment = result.clocks_of(ClockKind.FEE_PAYMENT)
        return {
            "fee_method": method,
            "fee_quantity": quantity,
            "fee_amount": fee_amount_for(case, data),
            "fee_payment_due": payment[-1].due_on if payment else None,
        }
    if kind == LetterKind.CUSTOM_DUE:
        return {"custom_due": result.custom_due_on}
    if kind == LetterKind.REPLY:
        return {"outcome": Outcome(str(fields.get("outcome")))}
    return {}


def _compose(case: FoiCase, kind: LetterKind, on: datetime.date, fields: Mapping[str, Any]) -> Letter:
    try:
        return compose_letter(kind, _context(case, kind, on, fields))
    except ValueError as error:  # the letter lacks what its kind requires: a Chinese message naming it
        raise ServiceValidationError(str(error), {"__all__": [str(error)]}) from error


def _content(letter: Letter, fields: Mapping[str, Any]) -> dict[str, Any]:
    content = dataclasses.asdict(letter)
    content["kind"] = str(letter.kind)
    content["outcome"] = str(letter.outcome) if letter.outcome else None
    content["text"] = render_text(letter)
    content["fields"] = _jsonable_fields(fields)
    return content


def _jsonable_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        values[key] = value
    return values


def letter_from_content(content: Mapping[str, Any]) -> Letter:
    """The composed letter as it was stored (for the DOCX of a draft or an approved letter)."""
    names = {f.name for f in dataclasses.fields(Letter)}
    values = {key: value for key, value in content.items() if key in names}
    values["kind"] = LetterKind(values["kind"])
    values["outcome"] = Outcome(values["outcome"]) if values.get("outcome") else None
    return Letter(**values)


def foi_letter_draft(
    *, actor: Any, case: FoiCase, kind: str, fields: Mapping[str, Any], today: datetime.date | None = None
) -> FoiLetter:
    """Draft a letter of ``kind`` for the case (经办人); dated today until it is sent."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("拟制告知书"))
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        raise ServiceValidationError(
            _("文书类型：不是允许的取值。"), {"kind": [_("不是允许的取值。")]}
        ) from None
    if not case.is_open and letter_kind != LetterKind.TRANSFER:
        raise StateConflict(_("案件已办结，不能再拟制%(kind)s。") % {"kind": letter_kind.label})
    today = today or timezone.localdate()
    fields = {key: value for key, value in fields.items() if value not in (None, "", [], ())}
    letter = _compose(case, letter_kind, today, fields)
    with transaction.atomic():
        record = FoiLetter.objects.create(
            case=case,
            kind=letter_kind,
            title=letter.title,
            number=letter.doc_number,
            to_applicant=letter_kind != LetterKind.CONSULTATION,
            addressee=letter.addressee.rstrip("："),
            content=_content(letter, fields),
            drafted_by=user_or_none(actor),
        )
        audit_log(
            instance=case,
            action="gongkai.foi.letter_draft",
            actor=actor,
            org_code=case.org.code,
            extra={"letter": record.pk, "kind": letter_kind},
        )
    return record


def foi_letter_approve(*, actor: Any, letter: FoiLetter) -> FoiLetter:
    """The head of the disclosure office approves a draft (the letter goes out in the office's name)."""
    case = letter.case
    require_role(actor, case.org, HEAD_ROLES, action=_("审批告知书"))
    with transaction.atomic():
        letter = FoiLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.DRAFT:
            raise StateConflict(
                _("只有草稿可以审批；本文书状态为“%(status)s”。") % {"status": letter.get_status_display()}
            )
        letter.status = LetterStatus.APPROVED
        letter.approved_by = user_or_none(actor)
        letter.approved_at = timezone.now()
        letter.save(update_fields=["status", "approved_by", "approved_at"])
        audit_log(
            instance=case,
            action="gongkai.foi.letter_approve",
            actor=actor,
            org_code=case.org.code,
            extra={"letter": letter.pk},
        )
    return letter


def foi_letter_send(
    *,
    actor: Any,
    letter: FoiLetter,
    on: datetime.date,
    delivery: str,
    tracking_number: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> FoiLetter:
    """Record that an approved letter was sent (送达) on ``on``, and the event it brings."""
    case = letter.case
    require_role(actor, case.org, HANDLER_ROLES, action=_("送达告知书"))
    today = today or timezone.localdate()
    if delivery not in Delivery.values:
        raise ServiceValidationError(_("送达方式：不是允许的取值。"), {"delivery": [_("不是允许的取值。")]})
    if on > today:
        raise ServiceValidationError(_("送达日期：不能晚于今天。"), {"on": [_("不能晚于今天。")]})
    if delivery == Delivery.POST and not tracking_number.strip():
        raise ServiceValidationError(
            _("邮件号码：邮寄送达时必填，以便查证送达日期。"), {"tracking_number": [_("邮寄送达时必填。")]}
        )
    with transaction.atomic():
        letter = FoiLetter.objects.select_for_update().select_related("case__org").get(pk=letter.pk)
        if letter.status != LetterStatus.APPROVED:
            raise StateConflict(
                _("告知书须经公开工作机构负责人审批后才能送达（本文书状态为“%(status)s”）。")
                % {"status": letter.get_status_display()}
            )
        kind = LetterKind(letter.kind)
        fields = letter.content.get("fields", {})
        composed = _compose(letter.case, kind, on, fields)
        event_type = EVENT_OF_LETTER.get(kind)
        if event_type is not None:
            foi_case_record_event(
                actor=actor,
                case=letter.case,
                type=event_type,
                on=on,
                data=_event_data(kind, fields),
                today=today,
            )
        letter.content = _content(composed, fields)
        letter.status = LetterStatus.SENT
        letter.sent_on = on
        letter.delivery = delivery
        letter.tracking_number = tracking_number.strip()
        letter.delivery_note = note.strip()
        letter.docx.save(
            f"{letter.case.number}-{letter.pk}.docx", ContentFile(render_docx(composed)), save=False
        )
        letter.save()
        audit_log(
            instance=letter.case,
            action="gongkai.foi.letter_send",
            actor=actor,
            org_code=letter.case.org.code,
            extra={"letter": letter.pk, "delivery": delivery, "tracking_number": letter.tracking_number},
        )
    return letter


def foi_letter_discard(*, actor: Any, letter: FoiLetter, reason: str) -> FoiLetter:
    """作废 a letter that has not gone out (a draft, or approved but not sent): it stays on the case's
    record with who discarded it and why, and another letter of its kind can be drafted. A sent letter
    cannot be discarded: its step is recorded and the applicant has it."""
    case = letter.case
    require_role(actor, case.org, HANDLER_ROLES, action=_("作废告知书"))
    reason = reason.strip()
    if not reason:
        raise ServiceValidationError(_("作废原因：必填。"), {"reason": [_("请说明作废原因。")]})
    with transaction.atomic():
        letter = FoiLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status not in (LetterStatus.DRAFT, LetterStatus.APPROVED):
            raise StateConflict(
                _("只有未送达的告知书可以作废；本文书状态为“%(status)s”。")
                % {"status": letter.get_status_display()}
            )
        before = letter.status
        letter.status = LetterStatus.DISCARDED
        letter.discarded_by = user_or_none(actor)
        letter.discarded_at = timezone.now()
        letter.discard_reason = reason[:200]
        letter.save(update_fields=["status", "discarded_by", "discarded_at", "discard_reason"])
        audit_log(
            instance=case,
            action="gongkai.foi.letter_discard",
            actor=actor,
            org_code=case.org.code,
            before={"letter": letter.pk, "status": before},
            after={"letter": letter.pk, "status": LetterStatus.DISCARDED},
            extra={"letter": letter.pk, "title": letter.title, "reason": letter.discard_reason},
        )
    return letter


def foi_letter_docx(letter: FoiLetter) -> bytes:
    """The letter's DOCX: the file that went out once sent, else rendered from the stored draft."""
    if letter.status == LetterStatus.SENT and letter.docx:
        with letter.docx.open("rb") as file:
            return file.read()
    return render_docx(letter_from_content(letter.content))
