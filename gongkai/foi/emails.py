"""E-mail to applicants: the receipt of an online application (申请编号, 查询码, where to track it)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gongkai.core.rules import rule
from gongkai.foi.models import FoiCase

logger = logging.getLogger(__name__)


def send_receipt_email(*, case: FoiCase, query_code: str, track_url: str) -> bool:
    """Send the receipt to the applicant's e-mail address; False (and a logged warning) when it could not
    be sent: the application stands, and the receipt page shows the same number and code."""
    if not case.applicant_email:
        return False
    context = {
        "case": case,
        "query_code": query_code,
        "track_url": track_url,
        "reply_days": rule("FOI_REPLY_WORKDAYS"),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    subject = _("政府信息公开申请回执：%(number)s") % {"number": case.number}
    body = render_to_string("foi/email/receipt.txt", context)
    try:
        send_mail(subject, body, None, [case.applicant_email], fail_silently=False)
    except Exception:  # an unreachable mail server must not lose the receipt page
        logger.warning("receipt e-mail for FOI case %s could not be sent", case.pk, exc_info=True)
        return False
    return True
