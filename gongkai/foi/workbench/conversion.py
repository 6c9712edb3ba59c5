"""依申请转主动 (条例第四十四条) and the 典型案例库 in the staff workbench (/staff/foi/repeated/,
/staff/foi/library/).

- 依申请转主动: groups of recent applications asking for the same information
  (gongkai.foi.selectors.foi_repeated_requests), and for a case that disclosed information, a form that
  drafts a proactive document from it (the draft then takes the catalogue's normal path: 保密审查, 发布).
- 典型案例库: anonymized exemplary cases, readable by every FOI staff member of the region (nothing in them
  identifies an applicant); a handler adds a closed case of their organization.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.foi import services
from gongkai.foi.choices import CaseStatus, Outcome
from gongkai.foi.models import FoiCase, FoiLibraryEntry
from gongkai.foi.selectors import foi_case_list_for, foi_repeated_requests
from gongkai.foi.services.common import HANDLER_ROLES
from gongkai.foi.workbench.views import FoiView, case_url
from gongkai.publications.choices import Genre
from gongkai.publications.models import Subject

REPEATED = "foi_repeated"
LIBRARY = "foi_library"


def _subject_choices() -> list[tuple[str, str]]:
    subjects = Subject.objects.select_related("parent").filter(children__isnull=True).order_by("sort")
    return [(subject.label, subject.label) for subject in subjects]


class ConvertForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    genre = forms.ChoiceField(label=gettext_lazy("体裁"), choices=Genre.choices)
    subject = forms.ChoiceField(label=gettext_lazy("主题分类"), choices=())
    summary = forms.CharField(
        label=gettext_lazy("摘要"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=gettext_lazy("正文"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("所公开信息的正文；附件可在生成草稿后在政府信息编辑页上传。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = _subject_choices()  # type: ignore[attr-defined]


class LibraryForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("案例名称"), max_length=200)
    request_summary = forms.CharField(
        label=gettext_lazy("申请内容"), widget=forms.Textarea(attrs={"rows": 3})
    )
    handling = forms.CharField(label=gettext_lazy("办理过程与要点"), widget=forms.Textarea(attrs={"rows": 6}))
    basis = forms.CharField(label=gettext_lazy("法律依据"), max_length=200, required=False)


def _form_errors(form: forms.Form, refusal: ServiceValidationError) -> None:
    for name, messages in refusal.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not refusal.errors:
        form.add_error(None, refusal.message)


class RepeatedView(FoiView):
    """Similar applications received in the last year, largest groups first."""

    template_name = "foi/workbench/repeated.html"
    page_title = gettext_lazy("依申请转主动")
    section_label = gettext_lazy("依申请转主动")
    section_url_name = f"{REPEATED}:index"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.page_title)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        groups = foi_repeated_requests(user=self.request.user)
        rows = []
        for group in groups:
            releasing = next(
                (
                    case
                    for case in group.cases
                    if case.outcome in (Outcome.DISCLOSED, Outcome.PARTIALLY_DISCLOSED)
                ),
                None,
            )
            rows.append(
                {
                    "group": group,
                    "cases": [(case, case_url(case)) for case in group.cases],
                    "convert_url": reverse(f"{REPEATED}:convert", args=(releasing.pk,))
                    if releasing and not group.converted
                    else "",
                }
            )
        return {**super().get_context_data(**kwargs), "rows": rows}


class ConvertView(FoiView):
    """Draft a proactive document from a case that disclosed information."""

    template_name = "foi/workbench/convert.html"
    section_label = gettext_lazy("依申请转主动")
    section_url_name = f"{REPEATED}:index"
    roles = tuple(HANDLER_ROLES)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.case = self._case(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _case(self, request: HttpRequest, pk: int) -> FoiCase:
        from django.http import Http404

        case = foi_case_list_for(user=request.user).filter(pk=pk).first()
        if case is None:
            raise Http404
        return case

    def get_page_title(self) -> str:
        return _("转为主动公开：%(number)s") % {"number": self.case.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None) or ConvertForm(
            initial={"title": self.case.info_name or self.case.description[:60], "genre": Genre.OTHER}
        )
        return {
            **super().get_context_data(**kwargs),
            "case": self.case,
            "form": form,
            "case_url": case_url(self.case),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ConvertForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                document = services.foi_case_convert_to_proactive(
                    actor=request.user, case=self.case, **form.cleaned_data
                )
            except ServiceValidationError as refusal:
                _form_errors(form, refusal)
            except StateConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            except ServicePermissionDenied as refusal:
                form.add_error(None, refusal.message)
                status = 403
            else:
                from gongkai.publications.viewsets import edit_url

                return redirect(edit_url(document))
        return self.render_to_response(self.get_context_data(form=form), status=status)


class LibraryView(FoiView):
    """The case library: every entry of the region, newest first, filtered by outcome."""

    template_name = "foi/workbench/library.html"
    page_title = gettext_lazy("典型案例库")
    section_label = gettext_lazy("典型案例库")
    section_url_name = f"{LIBRARY}:index"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.section_crumbs()[:1], {"url": "", "label": str(self.page_title)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        outcome = self.request.GET.get("outcome", "")
        entries = FoiLibraryEntry.objects.select_related("org")
        if outcome in Outcome.values:
            entries = entries.filter(outcome=outcome)
        closed = (
            foi_case_list_for(user=self.request.user)
            .filter(status__in=(CaseStatus.CLOSED, CaseStatus.ARCHIVED))
            .order_by("-closed_on")[:30]
        )
        return {
            **super().get_context_data(**kwargs),
            "entries": entries[:200],
            "outcomes": Outcome.choices,
            "outcome": outcome,
            "closed_cases": [(case, reverse(f"{LIBRARY}:add", args=(case.pk,))) for case in closed],
        }


class LibraryAddView(ConvertView):
    """Add a closed case of one's organization to the library, anonymized by the service."""

    template_name = "foi/workbench/library_add.html"
    section_label = gettext_lazy("典型案例库")
    section_url_name = f"{LIBRARY}:index"

    def get_page_title(self) -> str:
        return _("编入案例库：%(number)s") % {"number": self.case.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None) or LibraryForm(
            initial={
                "title": self.case.info_name or self.case.description[:60],
                "request_summary": self.case.description,
            }
        )
        context = super().get_context_data(form=form, **kwargs)
        context["outcome_label"] = self.case.get_outcome_display()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LibraryForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.foi_library_add(actor=request.user, case=self.case, **form.cleaned_data)
            except ServiceValidationError as refusal:
                _form_errors(form, refusal)
            except StateConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            except ServicePermissionDenied as refusal:
                form.add_error(None, refusal.message)
                status = 403
            else:
                return redirect(reverse(f"{LIBRARY}:index"))
        return self.render_to_response(self.get_context_data(form=form), status=status)
