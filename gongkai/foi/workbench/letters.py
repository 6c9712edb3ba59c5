"""The case page's 告知书 section: the case's letters with their state, DOCX and text, and what can be done
with them — 拟制 (one form per kind the case's state allows), 审批 (the head of the disclosure office) and
送达 (which records the letter's step: gongkai.foi.services.letters).

Drafting a letter is the normal way to take a step that the applicant must be told of in writing (补正,
延期, 收费, 第三十五条, 答复) and to consult a third party; the case page keeps the direct event actions
for a step whose letter went out some other way ("直接记录（告知书已另行送达）").

Which kinds are offered is decided from the case file already read (no query), with the same rules as
the direct actions; the services decide for real and refuse with the reason whatever is posted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.foi.choices import LetterKind, LetterStatus
from gongkai.foi.models import FoiLetter
from gongkai.foi.services.common import HANDLER_ROLES, HEAD_ROLES
from gongkai.foi.workbench.actions import ACTIONS
from gongkai.foi.workbench.letter_forms import (
    DRAFT_FORMS,
    LetterApproveForm,
    LetterDiscardForm,
    LetterDraftForm,
    LetterSendForm,
)
from gongkai.foi.workbench.selectors import CaseFile
from gongkai.orgs.choices import Role
from gongkai.publications.workbench import holds_role

CASES = "foi_cases"

# The direct action of the case page that records the same step as a letter of this kind.
DIRECT_ACTION_OF_KIND: dict[str, str] = {
    LetterKind.CORRECTION: "correction_requested",
    LetterKind.EXTENSION: "extension",
    LetterKind.CONSULTATION: "consultation_started",
    LetterKind.FEE: "fee_notice",
    LetterKind.CUSTOM_DUE: "custom_due",
    LetterKind.REPLY: "reply",
}
KIND_OF_DIRECT_ACTION = {action: kind for kind, action in DIRECT_ACTION_OF_KIND.items()}


@dataclass(frozen=True)
class DraftKind:
    """A kind of letter the page offers to draft, when the case's state allows it."""

    kind: LetterKind
    form_class: type[LetterDraftForm]
    allowed: Callable[[CaseFile], bool]
    help: Any = ""


def _like_direct_action(kind: LetterKind) -> Callable[[CaseFile], bool]:
    action = ACTIONS[DIRECT_ACTION_OF_KIND[kind]]
    return action.allowed


def transfer_notice_pending(file: CaseFile) -> bool:
    """The case came from another organization and no 转办告知书 was drafted since."""
    transfer = file.transfer
    if transfer is None:
        return False
    return not any(
        letter.kind == LetterKind.TRANSFER
        and letter.status != LetterStatus.DISCARDED
        and letter.created_at >= transfer.at
        for letter in file.letters
    )


DRAFT_KINDS: dict[str, DraftKind] = {
    item.kind.value: item
    for item in (
        DraftKind(
            LetterKind.REPLY,
            DRAFT_FORMS[LetterKind.REPLY],
            _like_direct_action(LetterKind.REPLY),
            gettext_lazy(
                "条例第三十六条：送达答复告知书之日案件办结；告知书按处理结果引用条款，并写明救济途径（第五十一条）。"
            ),
        ),
        DraftKind(
            LetterKind.CORRECTION,
            DRAFT_FORMS[LetterKind.CORRECTION],
            _like_direct_action(LetterKind.CORRECTION),
            gettext_lazy(
                "条例第三十条：自收到申请之日起7个工作日内一次性告知；送达后案件待补正，答复期限自收到补正之日起重新计算。"
            ),
        ),
        DraftKind(
            LetterKind.EXTENSION,
            DRAFT_FORMS[LetterKind.EXTENSION],
            _like_direct_action(LetterKind.EXTENSION),
            gettext_lazy(
                "条例第三十三条第二款：延期须经政府信息公开工作机构负责人同意，负责人审批本告知书即为同意；送达之日记录延期。"
            ),
        ),
        DraftKind(
            LetterKind.CONSULTATION,
            DRAFT_FORMS[LetterKind.CONSULTATION],
            _like_direct_action(LetterKind.CONSULTATION),
            gettext_lazy(
                "条例第三十二条、第三十四条：征求意见函发给第三方或其他机关，不发给申请人；"
                "自发函之日起征求意见的时间不计算在答复期限内。"
            ),
        ),
        DraftKind(
            LetterKind.FEE,
            DRAFT_FORMS[LetterKind.FEE],
            _like_direct_action(LetterKind.FEE),
            gettext_lazy(
                "国办函〔2020〕109号：申请数量、频次明显超过合理范围的才收费；自送达之日至缴费之日不计算在答复期限内。"
            ),
        ),
        DraftKind(
            LetterKind.CUSTOM_DUE,
            DRAFT_FORMS[LetterKind.CUSTOM_DUE],
            _like_direct_action(LetterKind.CUSTOM_DUE),
            gettext_lazy("条例第三十五条：确定延迟答复的合理期限并告知申请人。"),
        ),
        DraftKind(LetterKind.TRANSFER, DRAFT_FORMS[LetterKind.TRANSFER], transfer_notice_pending),
    )
}


def letter_url(case_pk: int, name: str, *args: Any) -> str:
    return reverse(f"{CASES}:{name}", args=(case_pk, *args))


def draft_prefix(kind: str) -> str:
    return f"letter-{kind}"


def send_prefix(letter_pk: int) -> str:
    return f"send-{letter_pk}"


def discard_prefix(letter_pk: int) -> str:
    return f"discard-{letter_pk}"


def foi_heads_of(*, org_id: int) -> list[Any]:
    """Who may approve the organization's letters (its foi_head), for "待……审批"."""
    users = get_user_model().objects.filter(
        is_active=True, memberships__org_id=org_id, memberships__role=Role.FOI_HEAD
    )
    return list(users.distinct().order_by("full_name", "username"))


def draft_help(item: DraftKind, file: CaseFile) -> str:
    if item.kind == LetterKind.TRANSFER and file.transfer is not None:
        return _(
            "本案由%(from)s于%(on)s转来。转办告知书以%(from)s的名义告知申请人：申请已转交本机关办理"
            "（条例第三十六条第（五）项），答复期限不因转办重新计算。"
        ) % {"from": file.transfer.from_org_name, "on": file.transfer.on.isoformat()}
    return str(item.help)


def letters_section(
    *, file: CaseFile, user: Any, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    """Everything the 告知书 section shows to ``user``; ``bound`` is the form just posted ("draft:<kind>",
    "approve:<pk>" or "send:<pk>") with its input and errors, shown open in its place."""
    case = file.case
    may_handle = holds_role(user, case.org_id, HANDLER_ROLES)
    may_approve = holds_role(user, case.org_id, HEAD_ROLES)
    bound_key, bound_form = bound if bound is not None else ("", None)

    drafts: list[dict[str, Any]] = []
    if may_handle:
        for value, item in DRAFT_KINDS.items():
            key = f"draft:{value}"
            if not item.allowed(file) and key != bound_key:
                continue
            form = bound_form if key == bound_key else None
            drafts.append(
                {
                    "kind": item.kind,
                    "label": item.kind.label,
                    "form": form or item.form_class(prefix=draft_prefix(value), case_file=file),
                    "url": letter_url(case.pk, "letter_draft", value),
                    "help": draft_help(item, file),
                    "open": key == bound_key,
                }
            )

    waiting = [letter for letter in file.letters if letter.status == LetterStatus.DRAFT]
    heads = foi_heads_of(org_id=case.org_id) if waiting and not may_approve else []
    approvers = "、".join(getattr(head, "full_name", "") or str(head) for head in heads) or _(
        "公开工作机构负责人"
    )

    rows = []
    for letter in file.letters:
        rows.append(_letter_row(letter, file, may_handle, may_approve, approvers, bound_key, bound_form))
    return {
        "rows": rows,
        "drafts": drafts,
        "may_handle": may_handle,
        "transfer_pending": transfer_notice_pending(file) and may_handle,
        "transfer": file.transfer,
    }


def _letter_row(
    letter: FoiLetter,
    file: CaseFile,
    may_handle: bool,
    may_approve: bool,
    approvers: str,
    bound_key: str,
    bound_form: forms.Form | None,
) -> dict[str, Any]:
    case_pk = file.case.pk
    row: dict[str, Any] = {
        "letter": letter,
        "docx_url": letter_url(case_pk, "letter_docx", letter.pk),
        "text": (letter.content or {}).get("text", ""),
        "approve": None,
        "send": None,
        "discard": None,
        "waiting_for": "",
        "open": bound_key in (f"approve:{letter.pk}", f"send:{letter.pk}", f"discard:{letter.pk}"),
    }
    unsent = letter.status in (LetterStatus.DRAFT, LetterStatus.APPROVED)
    if unsent and may_handle:
        key = f"discard:{letter.pk}"
        row["discard"] = {
            "form": bound_form if key == bound_key else LetterDiscardForm(prefix=discard_prefix(letter.pk)),
            "url": letter_url(case_pk, "letter_discard", letter.pk),
            "open": key == bound_key,
        }
    if letter.status == LetterStatus.DRAFT:
        if may_approve:
            key = f"approve:{letter.pk}"
            row["approve"] = {
                "form": bound_form if key == bound_key else LetterApproveForm(prefix=f"approve-{letter.pk}"),
                "url": letter_url(case_pk, "letter_approve", letter.pk),
            }
        else:
            row["waiting_for"] = _("待%(who)s审批") % {"who": approvers}
    elif letter.status == LetterStatus.APPROVED:
        if may_handle:
            key = f"send:{letter.pk}"
            row["send"] = {
                "form": bound_form
                if key == bound_key
                else LetterSendForm(prefix=send_prefix(letter.pk), case=file.case),
                "url": letter_url(case_pk, "letter_send", letter.pk),
            }
        else:
            row["waiting_for"] = _("待经办人送达")
    return row
