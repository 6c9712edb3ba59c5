"""Public views of disclosure on request: the online application (条例第二十九条), its receipt, tracking
with 申请编号 and 查询码, and 我的申请 for signed-in applicants. No account is needed to apply or track.

The query code exists in clear only between the service that draws it and the receipt page, through the
session (never in a URL); tracking remembers in the session which cases this browser has opened with
their number and code, and the letter downloads check the same.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.middleware import client_ip
from gongkai.core.rules import rule
from gongkai.foi import identity, ratelimit
from gongkai.foi.choices import AttachmentKind, Channel, LetterStatus
from gongkai.foi.emails import send_receipt_email
from gongkai.foi.forms import ApplicationForm, TrackForm
from gongkai.foi.models import FoiCase, FoiLetter
from gongkai.foi.selectors import (
    foi_application_org_groups,
    foi_case_by_number,
    foi_case_for_tracking,
    foi_case_list_for_applicant,
    foi_case_tracking,
    org_guide_url,
)
from gongkai.foi.services import foi_attachment_add, foi_case_create

logger = logging.getLogger(__name__)

SESSION_RECEIPT = "gongkai_foi_receipt"  # {"case": id, "code": query code until the receipt shows it}
SESSION_TRACKED = "gongkai_foi_tracked"  # ids of the cases this browser opened with number and code
TRACKED_MAX = 20  # the most recent ones are kept
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _too_many(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "foi/too_many_requests.html", {"message": message}, status=429)


def _remember_tracked(request: HttpRequest, case: FoiCase) -> None:
    tracked = [pk for pk in request.session.get(SESSION_TRACKED, []) if pk != case.pk]
    request.session[SESSION_TRACKED] = [*tracked, case.pk][-TRACKED_MAX:]


def _may_track(request: HttpRequest, case: FoiCase) -> bool:
    """This browser opened the case with its number and code, or the signed-in user applied with it."""
    if case.pk in request.session.get(SESSION_TRACKED, []):
        return True
    user = request.user
    return bool(user.is_authenticated and case.applicant_user_id == user.pk)


# --- 申请 ---------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The application form; a valid one registers the case (网上申请, 待确认) and shows the receipt."""
    groups = foi_application_org_groups()
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, org_groups=groups)
        if form.is_valid():
            blocked = ratelimit.online_application_rate_limit(
                ip=client_ip(request), applicant=form.applicant_rate_key()
            )
            if blocked:
                return _too_many(request, blocked)
            response = _register(request, form)
            if response is not None:
                return response
    else:
        code = request.GET.get("org", "")
        form = ApplicationForm(initial={"org": code} if code else None, org_groups=groups)
    selected = form.orgs_by_code.get(str(form["org"].value() or ""))
    context = {
        "form": form,
        "selected_org": selected,
        "selected_guide_url": org_guide_url(org=selected, request=request) if selected else "",
        "reply_days": rule("FOI_REPLY_WORKDAYS"),
    }
    return render(request, "foi/apply.html", context)


def _register(request: HttpRequest, form: ApplicationForm) -> HttpResponse | None:
    """Register the application and its identity document; None when the service refused a value."""
    data = form.cleaned_data
    org = form.orgs_by_code[data["org"]]
    try:
        with transaction.atomic():
            registered = foi_case_create(
                actor=None,
                org=org,
                channel=Channel.ONLINE,
                submitted_on=timezone.localdate(),
                applicant=form.applicant(),
                description=data["description"],
                info_name=data.get("info_name", ""),
                info_doc_number=data.get("info_doc_number", ""),
                form=data["form"],
                delivery=data["delivery"],
                applicant_user=request.user,
            )
            foi_attachment_add(
                actor=None, case=registered.case, kind=AttachmentKind.IDENTITY, file=data["identity_file"]
            )
    except ServiceValidationError as error:
        form.add_service_errors(error.errors, error.message)
        return None
    case = registered.case
    email_sent = False
    if case.applicant_email:
        track_url = request.build_absolute_uri(reverse("foi:track"))
        email_sent = send_receipt_email(case=case, query_code=registered.query_code, track_url=track_url)
    request.session.cycle_key()  # the session that holds the query code gets a new id
    request.session[SESSION_RECEIPT] = {
        "case": case.pk,
        "code": registered.query_code,
        "email_sent": email_sent,
    }
    _remember_tracked(request, case)
    return redirect("foi:receipt")


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of the application just submitted. The query code shows once: a reload shows the
    rest of the receipt without it."""
    stored = request.session.get(SESSION_RECEIPT)
    if not stored:
        return redirect("foi:apply")
    case = FoiCase.objects.select_related("org").filter(pk=stored.get("case")).first()
    if case is None:
        request.session.pop(SESSION_RECEIPT, None)
        return redirect("foi:apply")
    query_code = stored.pop("code", "")
    request.session[SESSION_RECEIPT] = stored  # the code is gone from the session from now on
    context = {
        "case": case,
        "query_code": query_code,
        "email_sent": stored.get("email_sent", False),
        "masked_email": identity.mask_email(case.applicant_email),
        "reply_days": rule("FOI_REPLY_WORKDAYS"),
        "guide_url": org_guide_url(org=case.org, request=request),
    }
    return render(request, "foi/receipt.html", context)


# --- 查询 ---------------------------------------------------------------------------------------------


def _track_limited(request: HttpRequest) -> str | None:
    limit = ratelimit.track_limit()
    ip = client_ip(request) or "unknown"
    if ratelimit.rate_limit_hit(f"track-ip:{ip}", limit=limit.count, window_seconds=limit.window_seconds):
        return _("查询过于频繁：同一网络地址%(per)s最多查询%(count)d次。请稍后再试。") % {
            "per": ratelimit.per_window(limit.window_seconds),
            "count": limit.count,
        }
    return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """申请编号 + 查询码 → the case's tracking page. A wrong number and a wrong code get the same answer."""
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            blocked = _track_limited(request)
            if blocked:
                return _too_many(request, blocked)
            case = foi_case_for_tracking(
                number=form.cleaned_data["number"], query_code=form.cleaned_data["query_code"]
            )
            if case is not None:
                request.session.cycle_key()  # a new session id once it opens a case
                _remember_tracked(request, case)
                return redirect("foi:track_case", number=case.number)
            form.add_error(
                None,
                _(
                    "申请编号或查询码不正确，请核对回执上的申请编号和查询码后重新输入。遗失查询码的，请联系受理机关。"
                ),
            )
    else:
        form = TrackForm(initial={"number": request.GET.get("number", "")[:40]})
    return render(request, "foi/track.html", {"form": form})


def _tracked_case(request: HttpRequest, number: str) -> FoiCase | None:
    case = foi_case_by_number(number=number)
    if case is None or not _may_track(request, case):
        return None
    return case


def _back_to_track_form(number: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("foi:track") + "?" + urlencode({"number": number[:40]}))


@never_cache
@require_safe
def track_case(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant's view of one case, for the browser that opened it with its number and code (or its
    signed-in applicant); anyone else is sent to the form, whether the number exists or not."""
    case = _tracked_case(request, number)
    if case is None:
        return _back_to_track_form(number)
    tracking = foi_case_tracking(case=case)
    applicant = {
        "name": identity.mask_name(case.applicant_name),
        "id_number": identity.mask_id_number(case.applicant_id_number or case.applicant_credit_code),
        "phone": identity.mask_phone(case.applicant_phone) if case.applicant_phone else "",
        "email": identity.mask_email(case.applicant_email),
    }
    return render(
        request, "foi/track_case.html", {"tracking": tracking, "case": case, "applicant": applicant}
    )


@never_cache
@require_safe
def letter_download(request: HttpRequest, number: str, letter_id: int) -> FileResponse:
    """The DOCX of a letter sent to the applicant, with the same authorization as the tracking page."""
    case = _tracked_case(request, number)
    if case is None:
        raise PermissionDenied(_("请先用申请编号和查询码打开该申请的办理进度页面。"))
    letter = (
        FoiLetter.objects.filter(case=case, pk=letter_id, status=LetterStatus.SENT, to_applicant=True)
        .only("id", "title", "docx")
        .first()
    )
    if letter is None or not letter.docx:
        raise Http404(_("没有这份文书，或者它没有可下载的文件。"))
    return FileResponse(
        letter.docx.open("rb"), as_attachment=True, filename=f"{letter.title}.docx", content_type=DOCX_TYPE
    )


# --- 我的申请 -----------------------------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """The applications the signed-in user submitted with this account."""
    cases = list(foi_case_list_for_applicant(user=request.user)[:200])
    return render(request, "foi/mine.html", {"cases": cases})
