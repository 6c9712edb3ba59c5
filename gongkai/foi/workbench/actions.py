"""The actions of the case page: for each, its form, who is offered it, when the case's state allows it,
and the service it calls.

``offered`` only decides whether to show the form (from the case file already read: no query); the
services decide for real and refuse with the reason (StateConflict → 409 on the page) whatever is posted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.foi import services
from gongkai.foi.choices import OPEN_STATUSES, CaseStatus, EventType
from gongkai.foi.models import FoiCase
from gongkai.foi.services.common import HANDLER_ROLES, HEAD_ROLES
from gongkai.foi.workbench import forms as f
from gongkai.foi.workbench.selectors import CaseFile

Runner = Callable[[Any, FoiCase, dict[str, Any], f.CaseActionForm], str]


@dataclass(frozen=True)
class CaseAction:
    """One action of the case page."""

    name: str
    label: Any
    form_class: type[f.CaseActionForm]
    allowed: Callable[[CaseFile], bool]
    run: Runner
    roles: tuple[str, ...] = tuple(HANDLER_ROLES)
    help: Any = ""
    submit: Any = ""
    danger: bool = False


def _open(file: CaseFile) -> bool:
    return file.case.status in OPEN_STATUSES


def _clock_runs(file: CaseFile) -> bool:
    """Received and not waiting for a correction: the reply period can still be changed."""
    return file.case.status in (CaseStatus.IN_PROGRESS, CaseStatus.PAUSED)


def _not_past_due(file: CaseFile) -> bool:
    due = file.case.due_on
    return due is None or file.today <= due


def _event(type: str, *keys: str) -> Runner:
    """A runner that records one event with the form's fields ``keys`` as its data."""

    def run(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
        params = {key: data[key] for key in keys if data.get(key) not in (None, "")}
        if "due_on" in params:
            params["due_on"] = params["due_on"].isoformat()
        if "consultation" in params:
            params["consultation"] = int(params["consultation"])
        services.foi_case_record_event(actor=user, case=case, type=type, on=data["on"], data=params)
        return _("已记录：%(event)s。") % {"event": EventType(type).label}

    return run


def _confirm(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    case = services.foi_case_confirm(actor=user, case=case, on=data["on"])
    return _("已确认收到申请之日为%(on)s，答复期限为%(due)s。") % {
        "on": data["on"].isoformat(),
        "due": case.due_on.isoformat() if case.due_on else "—",
    }


def _assign(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    handler = form.chosen_handler()  # type: ignore[attr-defined]
    services.foi_case_assign(actor=user, case=case, handler=handler)
    return _("已分配给%(name)s。") % {"name": handler}


def _extend(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    case = services.foi_case_extend(
        actor=user, case=case, on=data["on"], workdays=data["workdays"], reason=data["reason"]
    )
    return _("已延长答复期限%(n)s个工作日，答复期限为%(due)s。请向申请人发出延期告知书。") % {
        "n": data["workdays"],
        "due": case.due_on.isoformat() if case.due_on else "—",
    }


def _archive(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    services.foi_case_archive(actor=user, case=case)
    return _("已归档。")


def _appeal_add(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    appeal = services.foi_appeal_add(
        actor=user,
        case=case,
        kind=data["kind"],
        filed_on=data["filed_on"],
        result=data.get("result") or "",
        decided_on=data.get("decided_on"),
        note=data.get("note") or "",
    )
    return _("已登记：%(kind)s。") % {"kind": appeal.get_kind_display()}


def _appeal_decide(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    appeal = form.appeals[data["appeal"]]  # type: ignore[attr-defined]
    services.foi_appeal_decide(
        actor=user, appeal=appeal, result=data["result"], decided_on=data["decided_on"]
    )
    return _("已登记复议诉讼结果。")


def _transfer(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    to_org = form.orgs[data["to_org"]]  # type: ignore[attr-defined]
    services.foi_case_transfer(actor=user, case=case, to_org=to_org, reason=data["reason"])
    return _("已转办至%(org)s，由%(org)s拟制转办告知书告知申请人。") % {"org": to_org.name}


def _note(user: Any, case: FoiCase, data: dict[str, Any], form: f.CaseActionForm) -> str:
    services.foi_note_add(actor=user, case=case, text=data["text"])
    return _("已添加办理意见。")


ACTIONS: dict[str, CaseAction] = {
    action.name: action
    for action in (
        CaseAction(
            name="confirm",
            label=gettext_lazy("确认收到申请"),
            form_class=f.ConfirmForm,
            allowed=lambda file: file.case.status == CaseStatus.PENDING_RECEIPT,
            run=_confirm,
        ),
        CaseAction(
            name="assign",
            label=gettext_lazy("分配经办人"),
            form_class=f.AssignForm,
            allowed=lambda file: file.case.status != CaseStatus.ARCHIVED,
            run=_assign,
        ),
        CaseAction(
            name="correction_requested",
            label=gettext_lazy("告知补正"),
            form_class=f.CorrectionRequestForm,
            allowed=lambda file: (
                _clock_runs(file)
                and _not_past_due(file)
                and not file.has_event(EventType.CORRECTION_REQUESTED)
                and not file.has_event(EventType.EXTENSION)
                and not file.has_event(EventType.CUSTOM_DUE)
            ),
            run=_event(EventType.CORRECTION_REQUESTED, "period_workdays", "items"),
            help=gettext_lazy(
                "条例第三十条：自收到申请之日起7个工作日内一次性告知；答复期限自收到补正之日起重新计算。"
            ),
        ),
        CaseAction(
            name="correction_received",
            label=gettext_lazy("收到补正"),
            form_class=f.OnDateForm,
            allowed=lambda file: file.case.status == CaseStatus.AWAITING_CORRECTION,
            run=_event(EventType.CORRECTION_RECEIVED),
        ),
        CaseAction(
            name="consultation_started",
            label=gettext_lazy("征求意见"),
            form_class=f.ConsultationStartForm,
            allowed=_clock_runs,
            run=_event(EventType.CONSULTATION_STARTED, "party", "addressee"),
            help=gettext_lazy(
                "条例第三十二条、第三十四条；征求意见所需时间不计算在答复期限内（第三十三条第三款）。"
            ),
        ),
        CaseAction(
            name="consultation_ended",
            label=gettext_lazy("收到意见"),
            form_class=f.ConsultationEndForm,
            allowed=lambda file: _open(file) and bool(file.open_consultations),
            run=_event(EventType.CONSULTATION_ENDED, "consultation", "answer", "answer_summary"),
        ),
        CaseAction(
            name="extension",
            label=gettext_lazy("延期答复"),
            form_class=f.ExtensionForm,
            allowed=lambda file: (
                _clock_runs(file)
                and _not_past_due(file)
                and not file.has_event(EventType.EXTENSION)
                and not file.has_event(EventType.CUSTOM_DUE)
            ),
            run=_extend,
            roles=tuple(HEAD_ROLES),
            help=gettext_lazy("只有政府信息公开工作机构负责人可以记录延期（条例第三十三条第二款）。"),
        ),
        CaseAction(
            name="fee_notice",
            label=gettext_lazy("收费通知"),
            form_class=f.FeeNoticeForm,
            allowed=lambda file: _clock_runs(file) and file.fee is None,
            run=_event(EventType.FEE_NOTICE, "method", "pages"),
            help=gettext_lazy(
                "国办函〔2020〕109号：申请数量、频次明显超过合理范围的才收费；自通知至缴费的时间不计算在答复期限内。"
            ),
        ),
        CaseAction(
            name="fee_paid",
            label=gettext_lazy("缴纳费用"),
            form_class=f.OnDateForm,
            allowed=lambda file: _open(file) and file.fee_open,
            run=_event(EventType.FEE_PAID),
        ),
        CaseAction(
            name="fee_lapsed",
            label=gettext_lazy("逾期未缴费"),
            form_class=f.OnDateForm,
            allowed=lambda file: _open(file) and file.fee_open,
            run=_event(EventType.FEE_LAPSED),
            help=gettext_lazy("缴费期限届满后才能记录；案件随之以“逾期未按收费通知缴纳费用”办结。"),
            danger=True,
        ),
        CaseAction(
            name="custom_due",
            label=gettext_lazy("确定合理答复期限"),
            form_class=f.CustomDueForm,
            allowed=lambda file: (
                _clock_runs(file) and _not_past_due(file) and not file.has_event(EventType.CUSTOM_DUE)
            ),
            run=_event(EventType.CUSTOM_DUE, "due_on", "reason"),
        ),
        CaseAction(
            name="reply",
            label=gettext_lazy("答复"),
            form_class=f.ReplyForm,
            allowed=lambda file: (
                file.case.status
                in (
                    CaseStatus.IN_PROGRESS,
                    CaseStatus.PAUSED,
                    CaseStatus.AWAITING_CORRECTION,
                )
            ),
            run=_event(EventType.REPLY, "outcome"),
            help=gettext_lazy("答复后案件办结（条例第三十六条）。"),
        ),
        CaseAction(
            name="withdrawn",
            label=gettext_lazy("撤回申请"),
            form_class=f.OnDateForm,
            allowed=_open,
            run=_event(EventType.WITHDRAWN),
            help=gettext_lazy("申请人撤回申请的，案件以“其他处理”办结。"),
            danger=True,
        ),
        CaseAction(
            name="transfer",
            label=gettext_lazy("转办"),
            form_class=f.TransferForm,
            allowed=_open,
            run=_transfer,
            help=gettext_lazy("转至本平台的其他机关办理；经办人清空，由接收机关分配。"),
            danger=True,
        ),
        CaseAction(
            name="archive",
            label=gettext_lazy("归档"),
            form_class=f.ConfirmOnlyForm,
            allowed=lambda file: file.case.status == CaseStatus.CLOSED,
            run=_archive,
            help=gettext_lazy("条例第四十五条：归档后不能再记录办理事项。"),
        ),
        CaseAction(
            name="appeal_add",
            label=gettext_lazy("登记复议诉讼"),
            form_class=f.AppealAddForm,
            allowed=lambda file: file.case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED),
            run=_appeal_add,
        ),
        CaseAction(
            name="appeal_decide",
            label=gettext_lazy("登记复议诉讼结果"),
            form_class=f.AppealDecideForm,
            allowed=lambda file: bool(file.pending_appeals),
            run=_appeal_decide,
        ),
        CaseAction(
            name="note",
            label=gettext_lazy("添加办理意见"),
            form_class=f.NoteForm,
            allowed=lambda file: True,
            run=_note,
        ),
    )
}
