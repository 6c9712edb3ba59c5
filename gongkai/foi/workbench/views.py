"""Screens of 依申请公开 in the staff workbench (/staff/foi/): the case queue, the case page with its actions,
the full applicant data on request (audited), attachments, the audit history, and 登记申请.

Who sees what: gongkai.foi.selectors — staff see the cases of the organizations where they are
foi_handler, foi_head or org_admin (platform admins all); any other case is a 404. Only handlers and heads
see the applicant's ID number and phone in full, each time on request and audited. Every write goes
through a service, which checks the role again; a refusal is shown on the page with the service's
reason (409 for a state conflict, 400 for bad input), keeping what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from gongkai.core.audit import audit_personal_data_view
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.foi import services
from gongkai.foi.choices import ApplicantKind, CaseStatus, Channel, EventType, FeeMethod, Outcome
from gongkai.foi.identity import mask_id_number, mask_phone
from gongkai.foi.models import FoiCase, FoiEvent
from gongkai.foi.selectors import (
    CASE_READER_ROLES,
    PERSONAL_DATA_ROLES,
    foi_case_get_for,
    foi_case_list_for,
    may_see_personal_data,
)
from gongkai.foi.services.common import HANDLER_ROLES
from gongkai.foi.workbench import forms as f
from gongkai.foi.workbench.actions import ACTIONS, CaseAction
from gongkai.foi.workbench.letters import KIND_OF_DIRECT_ACTION, letters_section
from gongkai.foi.workbench.selectors import (
    CaseFile,
    QueueFilters,
    foi_case_audit_entries,
    foi_case_file,
    handlers_of,
    narrow_queue,
    queue_handlers_for,
    queue_orgs_for,
    queue_years_for,
)
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.publications.workbench import (
    WorkbenchView,
    holds_role,
    holds_role_anywhere,
    paginate,
)

CASES = "foi_cases"
INTAKE = "foi_intake"
PERSONAL_FIELDS = ("applicant_id_number", "applicant_phone")
QUERY_CODE_SESSION_KEY = "gongkai_foi_query_code_%s"


def case_url(case: FoiCase | int, name: str = "case", *args: Any) -> str:
    pk = case if isinstance(case, int) else case.pk
    return reverse(f"{CASES}:{name}", args=(pk, *args))


def _mask_id(value: str) -> str:
    return mask_id_number(value) if value else ""


def _mask_phone(value: str) -> str:
    return mask_phone(value) if value else ""


# --- Due-date badges: colour and words (never colour alone) ----------------------------------------------


def choice_labels(choices: Any) -> dict[str, str]:
    """A field's labels in the current language, translated once: ``get_FOO_display`` rebuilds the
    choices' dict and translates the label on every call, which a list of 50 rows pays 150 times (and a
    gettext miss walks the whole catalogue chain, our msgids being Chinese)."""
    return {value: str(label) for value, label in choices.choices}


def due_badge(case: FoiCase, status_labels: dict[str, str] | None = None) -> dict[str, str]:
    """The queue's and dashboard's badge of a case: a CSS modifier and the words it stands for."""
    if case.status == CaseStatus.PENDING_RECEIPT:
        return {"tone": "pending_receipt", "label": _("待确认收到")}
    if case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        label = status_labels[case.status] if status_labels else case.get_status_display()
        return {"tone": "closed", "label": label}
    if case.status == CaseStatus.AWAITING_CORRECTION:
        return {"tone": "pending_receipt", "label": _("待补正，期限暂停")}
    labels = {"overdue": _("已逾期"), "due_soon": _("即将到期"), "not_due": _("未到期")}
    tone = case.due_status or "not_due"
    return {"tone": tone, "label": labels.get(tone, tone)}


# --- Base -------------------------------------------------------------------------------------------------


class FoiView(WorkbenchView):
    """A 依申请公开 screen: for staff who see cases somewhere (foi_handler, foi_head, org_admin)."""

    header_icon = "mail"
    section_label = gettext_lazy("案件队列")
    section_url_name = f"{CASES}:queue"
    roles: tuple[str, ...] = tuple(CASE_READER_ROLES)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not holds_role_anywhere(request.user, self.roles):
            raise PermissionDenied(_("只有依申请公开经办人、公开工作机构负责人或机构管理员可以使用此功能。"))
        return super().dispatch(request, *args, **kwargs)


# --- 案件队列 ---------------------------------------------------------------------------------------------


class QueueView(FoiView):
    template_name = "foi/workbench/queue.html"
    page_title = gettext_lazy("依申请公开案件队列")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.page_title)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible = foi_case_list_for(user=user)  # who sees which case: read once for the page
        form = f.QueueFilterForm(
            self.request.GET or None,
            orgs=list(queue_orgs_for(user=user)),
            handlers=list(queue_handlers_for(user=user)),
            years=queue_years_for(user=user, cases=visible),
        )
        filters = form.filters() if self.request.GET else QueueFilters()
        page, page_range = paginate(self.request, narrow_queue(visible, filters))
        status, kind, channel = (choice_labels(c) for c in (CaseStatus, ApplicantKind, Channel))
        rows = [
            {
                "case": case,
                "badge": due_badge(case, status),
                "url": case_url(case),
                "status": status.get(case.status, case.status),
                "applicant_kind": kind.get(case.applicant_kind, case.applicant_kind),
                "channel": channel.get(case.channel, case.channel),
            }
            for case in page
        ]
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page=page,
            rows=rows,
            elided_page_range=page_range,
            filtered=bool(self.request.GET and any(v for k, v in self.request.GET.items() if k != "p")),
            query=query.urlencode(),
            can_register=holds_role_anywhere(user, HANDLER_ROLES),
            intake_url=reverse(f"{INTAKE}:add"),
        )
        return context


# --- The case page ----------------------------------------------------------------------------------------


def describe_event(event: FoiEvent, consultations: dict[int, Any]) -> str:
    """What an event's parameters say, in words."""
    data = event.data or {}
    type = event.type
    if type == EventType.SUBMITTED:
        channel = data.get("channel")
        return str(Channel(channel).label) if channel in Channel.values else ""
    if type == EventType.CORRECTION_REQUESTED:
        period = data.get("period_workdays")
        text = _("补正期限%(n)s个工作日") % {"n": period} if period else _("补正期限按默认")
        return f"{text}；{data['items']}" if data.get("items") else text
    if type in (EventType.CONSULTATION_STARTED, EventType.CONSULTATION_ENDED):
        consultation = consultations.get(data.get("consultation") or 0)
        who = consultation.addressee if consultation is not None else data.get("addressee", "")
        if type == EventType.CONSULTATION_ENDED and consultation is not None and consultation.answer:
            return f"{who}：{consultation.get_answer_display()}"
        return str(who)
    if type == EventType.EXTENSION:
        text = _("延长%(n)s个工作日") % {"n": data.get("workdays")}
        return f"{text}；{data['reason']}" if data.get("reason") else text
    if type == EventType.FEE_NOTICE:
        method = data.get("method")
        parts = [str(FeeMethod(method).label) if method in FeeMethod.values else ""]
        if data.get("pages"):
            parts.append(_("%(n)s页") % {"n": data["pages"]})
        if data.get("count_in_month"):
            parts.append(_("当月第%(n)s件") % {"n": data["count_in_month"]})
        parts.append(_("%(amount)s元") % {"amount": data.get("amount")})
        return "，".join(p for p in parts if p)
    if type == EventType.CUSTOM_DUE:
        return _("答复期限定为%(due)s；%(reason)s") % {
            "due": data.get("due_on"),
            "reason": data.get("reason", ""),
        }
    if type == EventType.REPLY:
        outcome = data.get("outcome")
        return str(Outcome(outcome).label) if outcome in Outcome.values else ""
    return ""


class CaseMixin:
    """Loads the case the person may see (404 otherwise) before the view runs."""

    request: HttpRequest
    case: FoiCase

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            try:
                self.case = foi_case_get_for(user=request.user, case_id=int(kwargs["pk"]))
            except FoiCase.DoesNotExist:
                raise Http404(_("未找到该政府信息公开申请。")) from None
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class CaseView(CaseMixin, FoiView):
    """The case page: header with dates and their explanation, applicant (masked), request, clocks,
    timeline, consultations, fee, appeals, notes, attachments, and the actions the state allows."""

    template_name = "foi/workbench/case.html"

    def get_page_title(self) -> str:
        return _("案件 %(number)s") % {"number": self.case.number}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_case()

    def offered_actions(self, file: CaseFile) -> list[CaseAction]:
        user = self.request.user
        return [
            action
            for action in ACTIONS.values()
            if action.allowed(file) and holds_role(user, self.case.org_id, action.roles)
        ]

    def action_choices(self, offered: list[CaseAction]) -> dict[str, Any]:
        names = {action.name for action in offered}
        choices: dict[str, Any] = {}
        if "assign" in names:
            choices["handlers"] = list(handlers_of(org_ids={self.case.org_id}))
        if "transfer" in names:
            choices["orgs"] = list(
                Organization.objects.filter(is_active=True)
                .exclude(pk=self.case.org_id)
                .order_by("sort_order", "code")
            )
        return choices

    def render_case(
        self,
        *,
        bound: tuple[str, forms.Form] | None = None,
        letter_bound: tuple[str, forms.Form] | None = None,
        reveal: bool = False,
        status: int = 200,
    ) -> HttpResponse:
        case = self.case
        file = foi_case_file(case=case)
        offered = self.offered_actions(file)
        if bound is not None and bound[0] not in {action.name for action in offered}:
            # Posted to an action the page no longer offers (the state changed): still show its form.
            offered.append(ACTIONS[bound[0]])
        choices = self.action_choices(offered)
        action_forms: list[dict[str, Any]] = []
        for action in offered:
            if bound is not None and bound[0] == action.name:
                form = bound[1]
            else:
                form = action.form_class(prefix=action.name, case_file=file, choices=choices)
            action_forms.append(
                {
                    "action": action,
                    "form": form,
                    "url": case_url(case, "action", action.name),
                    "open": bound is not None and bound[0] == action.name,
                }
            )
        note_form = next((item for item in action_forms if item["action"].name == "note"), None)
        # The steps a letter normally brings, for when the letter went out some other way.
        direct_forms = [item for item in action_forms if item["action"].name in KIND_OF_DIRECT_ACTION]
        action_forms = [
            item
            for item in action_forms
            if item["action"].name != "note" and item["action"].name not in KIND_OF_DIRECT_ACTION
        ]
        consultations = {row.consultation.pk: row.consultation for row in file.consultations}
        events = [{"event": event, "summary": describe_event(event, consultations)} for event in file.events]
        applicant = {
            "id_number": case.applicant_id_number if reveal else _mask_id(case.applicant_id_number),
            "phone": case.applicant_phone if reveal else _mask_phone(case.applicant_phone),
            "id_type": dict(f.id_type_choices()).get(case.applicant_id_type, case.applicant_id_type),
        }
        letters = letters_section(file=file, user=self.request.user, bound=letter_bound)
        context = self.get_context_data(
            case=case,
            file=file,
            deadlines=file.deadlines,
            explanation=file.deadlines.explanation_text(),
            events=events,
            applicant=applicant,
            revealed=reveal,
            can_reveal=holds_role(self.request.user, case.org_id, PERSONAL_DATA_ROLES)
            and bool(case.applicant_id_number or case.applicant_phone),
            may_download=holds_role(self.request.user, case.org_id, PERSONAL_DATA_ROLES),
            reveal_url=case_url(case, "reveal"),
            history_url=case_url(case, "history"),
            actions=action_forms,
            direct_actions=direct_forms,
            direct_open=any(item["open"] for item in direct_forms),
            letters=letters,
            form_media=_media_of([item["form"] for item in action_forms + direct_forms], letters),
            note_form=note_form,
            badge=due_badge(case),
        )
        return self.render_to_response(context, status=status)


def _media_of(action_forms: list[forms.Form], letters: dict[str, Any]) -> forms.Media:
    """The scripts and styles of every form on the case page (the date pickers), once each."""
    media = forms.Media()
    every = [
        *action_forms,
        *(item["form"] for item in letters["drafts"]),
        *(row["send"]["form"] for row in letters["rows"] if row["send"]),
    ]
    for form in every:
        media += form.media
    return media


class CaseActionView(CaseView):
    """POST of one action's form: calls the service; on success back to the case page, else the case
    page again with the form as typed and the reason (field errors, or the service's 409 reason)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = ACTIONS.get(str(kwargs["action"]))
        if action is None:
            raise Http404
        if not holds_role(request.user, self.case.org_id, action.roles):
            if action.name == "extension":
                raise PermissionDenied(
                    _(
                        "延期答复须经政府信息公开工作机构负责人同意（条例第三十三条第二款），只有公开工作机构负责人可以记录。"
                    )
                )
            raise PermissionDenied(_("只有本机构的依申请公开经办人或负责人可以办理此案件。"))
        file = foi_case_file(case=self.case)
        choices = self.action_choices([action])
        form = action.form_class(request.POST, prefix=action.name, case_file=file, choices=choices)
        invalid = _("“%(action)s”未完成：请修正下方标出的错误。") % {"action": action.label}
        if not form.is_valid():
            messages.error(request, invalid)
            return self.render_case(bound=(action.name, form), status=400)
        try:
            done = action.run(request.user, self.case, form.cleaned_data, form)
        except ServiceValidationError as exc:
            _add_service_errors(form, exc)
            messages.error(request, invalid)
            return self.render_case(bound=(action.name, form), status=400)
        except StateConflict as exc:
            # The service's reason (the API's 409), at the top of the page and on the form, as typed.
            form.add_error(None, exc.message)
            messages.error(
                request,
                _("“%(action)s”未能记录：%(reason)s") % {"action": action.label, "reason": exc.message},
            )
            return self.render_case(bound=(action.name, form), status=409)
        messages.success(request, done)
        if action.name == "transfer" and not foi_case_visible(request.user, self.case.pk):
            return redirect(reverse(f"{CASES}:queue"))
        return redirect(case_url(self.case) + f"#{action.name if action.name == 'note' else 'case'}")


def foi_case_visible(user: Any, pk: int) -> bool:
    try:
        foi_case_get_for(user=user, case_id=pk)
    except FoiCase.DoesNotExist:
        return False
    return True


def _add_service_errors(form: forms.Form, exc: ServiceValidationError) -> None:
    """A service's field errors on the form's fields (``applicant.phone`` → ``applicant_phone``), the
    rest, and a refusal without fields, above the form."""
    if not exc.errors:
        form.add_error(None, exc.message)
        return
    if not any(exc.message in messages for messages in exc.errors.values()):
        # The service's summary names the field and the rule ("页数：按量计收时必填…"); its per-field
        # messages may be shorter.
        form.add_error(None, exc.message)
    for name, field_messages in exc.errors.items():
        target = f.service_error_field(name)
        for message in field_messages:
            if target in form.fields:
                form.add_error(target, message)
            else:
                form.add_error(None, message)


class RevealView(CaseView):
    """显示完整信息: the applicant's ID number and phone in full, for the handlers and heads of the case's
    organization; every time audited (gongkai.personal_data.view)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_see_personal_data(user=request.user, case=self.case):
            raise PermissionDenied(
                _("只有本机构的依申请公开经办人和公开工作机构负责人可以查看申请人的完整证件号码和联系电话。")
            )
        fields = [name for name in PERSONAL_FIELDS if getattr(self.case, name)]
        audit_personal_data_view(
            actor=request.user, instance=self.case, fields=fields, org_code=self.case.org.code
        )
        return self.render_case(reveal=True)


class AttachmentView(CaseMixin, View):
    """Download of a case's file, for the handlers and heads of its organization; audited."""

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
        attachment = self.case.attachments.filter(pk=attachment_pk).first()
        if attachment is None:
            raise Http404
        if not may_see_personal_data(user=request.user, case=self.case):
            raise PermissionDenied(_("只有本机构的依申请公开经办人和公开工作机构负责人可以查看申请材料。"))
        audit_personal_data_view(
            actor=request.user,
            instance=self.case,
            fields=[f"attachment:{attachment.pk}"],
            org_code=self.case.org.code,
        )
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
        )
        response["Cache-Control"] = "private, no-store"
        return response


class HistoryView(CaseMixin, FoiView):
    """The case's audit entries: who did what and when, the before/after of each step, each view of the
    applicant's personal data."""

    template_name = "foi/workbench/history.html"

    def get_page_title(self) -> str:
        return _("审计记录：%(number)s") % {"number": self.case.number}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.section_crumbs(),
            {"url": case_url(self.case), "label": self.case.number},
            {"url": "", "label": _("审计记录")},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, page_range = paginate(self.request, foi_case_audit_entries(case=self.case))
        rows = [{"entry": entry, "details": audit_details(entry.data or {})} for entry in page]
        context.update(
            case=self.case,
            entries=page,
            rows=rows,
            elided_page_range=page_range,
            case_url=case_url(self.case),
        )
        return context


def _field_label(name: str) -> str:
    if name.startswith("attachment:"):
        return _("附件%(id)s") % {"id": name.split(":", 1)[1]}
    try:
        field: Any = FoiCase._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def audit_details(data: dict[str, Any]) -> str:
    """An audit entry's particulars in words: the event, the fields that changed or were viewed, the
    organizations of a transfer."""
    parts = []
    event = data.get("type")
    if event in EventType.values:
        parts.append(str(EventType(event).label))
    if data.get("changed"):
        parts.append(_("变更：%(fields)s") % {"fields": "、".join(_field_label(n) for n in data["changed"])})
    if data.get("fields"):
        parts.append(_("查看：%(fields)s") % {"fields": "、".join(_field_label(n) for n in data["fields"])})
    if data.get("to_org_name"):
        parts.append(
            _("%(from)s → %(to)s：%(reason)s")
            % {
                "from": data.get("from_org_name", ""),
                "to": data["to_org_name"],
                "reason": data.get("reason", ""),
            }
        )
    return "；".join(parts)


# --- 登记申请 ---------------------------------------------------------------------------------------------


class IntakeView(FoiView):
    """Register an application received in person, by post, fax or e-mail (条例第二十九条、第三十一条)."""

    template_name = "foi/workbench/intake.html"
    page_title = gettext_lazy("登记申请")
    roles = tuple(HANDLER_ROLES)
    section_label = gettext_lazy("登记申请")
    section_url_name = f"{INTAKE}:add"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.page_title)}]

    def make_form(self, data: Any = None, files: Any = None) -> f.IntakeForm:
        return f.IntakeForm(
            data, files, orgs=list(org_list_for(user=self.request.user, roles=list(HANDLER_ROLES)))
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        applicant = services.ApplicantData(
            **{name: data.get(f"applicant_{name}") or "" for name in f.IntakeForm.APPLICANT_FIELDS}
        )
        try:
            registered = services.foi_case_intake(
                actor=request.user,
                org=form.chosen_org(),
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                received_on=data.get("received_on"),
                applicant=applicant,
                description=data["description"],
                info_name=data.get("info_name") or "",
                info_doc_number=data.get("info_doc_number") or "",
                form=data.get("form") or "",
                delivery=data.get("delivery") or "",
                scans=form.scans(),
            )
        except ServiceValidationError as exc:
            _add_service_errors(form, exc)
            if any(name in exc.errors for name in ("application_scan", "envelope_scan")) or form.scans():
                form.add_error(None, _("出于安全原因，浏览器不会保留已选择的文件，请重新选择扫描件。"))
            return self.render_form(form, status=400)
        case = registered.case
        request.session[QUERY_CODE_SESSION_KEY % case.pk] = registered.query_code
        messages.success(request, _("已登记申请 %(number)s。") % {"number": case.number})
        return redirect(reverse(f"{INTAKE}:registered", args=(case.pk,)))

    def render_form(self, form: f.IntakeForm, status: int = 200) -> HttpResponse:
        context = self.get_context_data(form=form, receipt_rules=f.RECEIPT_RULES)
        return self.render_to_response(context, status=status)


class RegisteredView(CaseMixin, FoiView):
    """After 登记: the case number and the query code, shown once (the case keeps only its hash), and the
    receipt confirmation for an application that still waits for it."""

    template_name = "foi/workbench/registered.html"
    roles = tuple(HANDLER_ROLES)
    section_label = gettext_lazy("登记申请")
    section_url_name = f"{INTAKE}:add"

    def get_page_title(self) -> str:
        return _("已登记：%(number)s") % {"number": self.case.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query_code = self.request.session.pop(QUERY_CODE_SESSION_KEY % self.case.pk, None)
        confirm = None
        if self.case.status == CaseStatus.PENDING_RECEIPT and holds_role(
            self.request.user, self.case.org_id, HANDLER_ROLES
        ):
            confirm = {
                "form": f.ConfirmForm(prefix="confirm"),
                "url": case_url(self.case, "action", "confirm"),
            }
        context.update(
            case=self.case,
            query_code=query_code,
            case_url=case_url(self.case),
            confirm=confirm,
            track_url=_track_url(),
            intake_url=reverse(f"{INTAKE}:add"),
        )
        return context


def _track_url() -> str:
    try:
        return reverse("foi:track")
    except Exception:
        return "/foi/track/"
