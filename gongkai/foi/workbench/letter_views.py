"""The 告知书 section's screens (/staff/foi/cases/<pk>/letters/…): 拟制, 审批, 送达 (POST, back to the case
page; a refusal shows the case page again with the form as typed and the reason: 400 for input, 409 for
a state conflict) and the DOCX of a letter for the staff who see the case.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.foi import services
from gongkai.foi.choices import EventType, LetterKind, LetterStatus
from gongkai.foi.models import FoiLetter
from gongkai.foi.services.common import HANDLER_ROLES, HEAD_ROLES
from gongkai.foi.services.letters import EVENT_OF_LETTER
from gongkai.foi.workbench.letter_forms import (
    DRAFT_FORMS,
    LetterApproveForm,
    LetterDiscardForm,
    LetterSendForm,
)
from gongkai.foi.workbench.letters import discard_prefix, draft_prefix, send_prefix
from gongkai.foi.workbench.selectors import foi_case_file
from gongkai.foi.workbench.views import CaseMixin, CaseView, case_url
from gongkai.publications.workbench import holds_role

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _service_errors(form: forms.Form, exc: ServiceValidationError, field_of: Any = None) -> None:
    """A service's field errors on the form's fields, the rest (and its summary) above the form."""
    placed = False
    for key, field_messages in exc.errors.items():
        target = field_of(key) if field_of is not None else (key if key in form.fields else None)
        for message in field_messages:
            form.add_error(target, message)
            placed = placed or message == exc.message
    if not placed:
        form.add_error(None, exc.message)


class LetterView(CaseView):
    """A POST about the case's letters; re-renders the case page on a refusal."""

    http_method_names = ["post"]

    def letter(self, pk: Any) -> FoiLetter:
        letter = self.case.letters.filter(pk=int(pk)).first()
        if letter is None:
            raise Http404(_("未找到该告知书。"))
        letter.case = self.case
        return letter

    def refused(self, key: str, form: forms.Form, label: str, exc: Exception | None = None) -> HttpResponse:
        request = self.request
        if isinstance(exc, StateConflict):
            form.add_error(None, exc.message)
            messages.error(
                request, _("“%(action)s”未能完成：%(reason)s") % {"action": label, "reason": exc.message}
            )
            return self.render_case(letter_bound=(key, form), status=409)
        if isinstance(exc, ServiceValidationError):
            field_of = getattr(form, "error_field", None)
            _service_errors(form, exc, field_of)
        messages.error(request, _("“%(action)s”未完成：请修正下方标出的错误。") % {"action": label})
        return self.render_case(letter_bound=(key, form), status=400)


class LetterDraftView(LetterView):
    """拟制告知书 of one kind (经办人: foi_handler or foi_head of the case's organization)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = str(kwargs["kind"])
        form_class = DRAFT_FORMS.get(kind)
        if form_class is None:
            raise Http404
        if not holds_role(request.user, self.case.org_id, HANDLER_ROLES):
            raise PermissionDenied(_("只有本机构的依申请公开经办人或负责人可以拟制告知书。"))
        file = foi_case_file(case=self.case)
        form = form_class(request.POST, prefix=draft_prefix(kind), case_file=file)
        key = f"draft:{kind}"
        label = _("拟制%(kind)s") % {"kind": LetterKind(kind).label}
        if not form.is_valid():
            return self.refused(key, form, label)
        try:
            letter = services.foi_letter_draft(
                actor=request.user, case=self.case, kind=kind, fields=form.letter_fields()
            )
        except (ServiceValidationError, StateConflict) as exc:
            return self.refused(key, form, label, exc)
        messages.success(
            request, _("已拟制《%(title)s》，待公开工作机构负责人审批。") % {"title": letter.title}
        )
        return redirect(case_url(self.case) + f"#letter-{letter.pk}")


class LetterApproveView(LetterView):
    """审批: the head of the disclosure office (foi_head) approves a draft."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        letter = self.letter(kwargs["letter_pk"])
        if not holds_role(request.user, self.case.org_id, HEAD_ROLES):
            raise PermissionDenied(
                _("告知书须经政府信息公开工作机构负责人审批，只有公开工作机构负责人可以审批。")
            )
        form = LetterApproveForm(request.POST, prefix=f"approve-{letter.pk}")
        try:
            services.foi_letter_approve(actor=request.user, letter=letter)
        except StateConflict as exc:
            return self.refused(f"approve:{letter.pk}", form, _("审批"), exc)
        messages.success(request, _("已审批《%(title)s》，经办人可以送达。") % {"title": letter.title})
        return redirect(case_url(self.case) + f"#letter-{letter.pk}")


class LetterSendView(LetterView):
    """送达: an approved letter reached its addressee; records the step the letter brings."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        letter = self.letter(kwargs["letter_pk"])
        if not holds_role(request.user, self.case.org_id, HANDLER_ROLES):
            raise PermissionDenied(_("只有本机构的依申请公开经办人或负责人可以送达告知书。"))
        form = LetterSendForm(request.POST, prefix=send_prefix(letter.pk), case=self.case)
        key = f"send:{letter.pk}"
        label = _("送达")
        if not form.is_valid():
            return self.refused(key, form, label)
        data = form.cleaned_data
        try:
            sent = services.foi_letter_send(
                actor=request.user,
                letter=letter,
                on=data["on"],
                delivery=data["delivery"],
                tracking_number=data.get("tracking_number") or "",
                note=data.get("note") or "",
            )
        except (ServiceValidationError, StateConflict) as exc:
            return self.refused(key, form, label, exc)
        done = _("已送达《%(title)s》（%(on)s）。") % {"title": sent.title, "on": data["on"].isoformat()}
        event = EVENT_OF_LETTER.get(LetterKind(sent.kind))
        if event is not None:
            done += _("已记录：%(event)s。") % {"event": EventType(event).label}
        messages.success(request, done)
        return redirect(case_url(self.case) + "#case")


class LetterDiscardView(LetterView):
    """作废: a letter that has not gone out is set aside with its reason (经办人 or 负责人)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        letter = self.letter(kwargs["letter_pk"])
        if not holds_role(request.user, self.case.org_id, HANDLER_ROLES):
            raise PermissionDenied(_("只有本机构的依申请公开经办人或负责人可以作废告知书。"))
        form = LetterDiscardForm(request.POST, prefix=discard_prefix(letter.pk))
        key = f"discard:{letter.pk}"
        label = _("作废")
        if not form.is_valid():
            return self.refused(key, form, label)
        try:
            services.foi_letter_discard(actor=request.user, letter=letter, reason=form.cleaned_data["reason"])
        except (ServiceValidationError, StateConflict) as exc:
            return self.refused(key, form, label, exc)
        messages.success(request, _("已作废《%(title)s》。") % {"title": letter.title})
        return redirect(case_url(self.case) + f"#letter-{letter.pk}")


def letter_filename(letter: FoiLetter, case_number: str) -> str:
    """申请编号-标题.docx, a draft, an unsent or a discarded letter marked as such."""
    mark = {
        LetterStatus.DRAFT: _("（草稿）"),
        LetterStatus.APPROVED: _("（已审批未送达）"),
        LetterStatus.DISCARDED: _("（已作废）"),
    }.get(LetterStatus(letter.status), "")
    return f"{case_number}-{letter.title}{mark}.docx"


class LetterDocxView(CaseMixin, View):
    """The letter as a Word document, for the staff who see the case (gongkai.foi.selectors): the file
    that went out once sent, else rendered from the draft. Not audited: it holds no ID number or phone."""

    def get(self, request: HttpRequest, pk: int, letter_pk: int) -> HttpResponseBase:
        letter = self.case.letters.filter(pk=letter_pk).first()
        if letter is None:
            raise Http404(_("未找到该告知书。"))
        response = HttpResponse(services.foi_letter_docx(letter), content_type=DOCX_TYPE)
        # RFC 6266/5987: an ASCII fallback and filename*=utf-8''… for the Chinese name.
        disposition = content_disposition_header(True, letter_filename(letter, self.case.number))
        response["Content-Disposition"] = disposition or "attachment"
        response["Cache-Control"] = "private, no-store"
        return response
