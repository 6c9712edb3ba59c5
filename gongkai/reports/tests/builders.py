"""Hand-built records for the report's tests: cases, appeals, fee notices and documents written straight
into the tables (bulk_create), as the engine would have stored them, so that a test states exactly the
dates it is about."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from gongkai.foi.choices import ApplicantKind, CaseStatus, Channel, Outcome
from gongkai.foi.models import FoiAppeal, FoiCase, FoiFeeNotice
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre
from gongkai.publications.models import Document, Subject

_serial = itertools.count(1)


def D(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def case(
    org: Organization,
    *,
    received: datetime.date | None,
    closed: datetime.date | None = None,
    kind: str = ApplicantKind.PERSON,
    outcome: str | None = None,
) -> FoiCase:
    """An unsaved case received (or not yet) and closed (or not) on those days; a closed case gets
    予以公开 unless told otherwise (``outcome=""`` for none)."""
    if outcome is None:
        outcome = Outcome.DISCLOSED if closed else ""
    submitted = received or D(2026, 6, 1)
    return FoiCase(
        org=org,
        number=f"T-{next(_serial):08d}",
        query_code_hash="x",
        channel=Channel.ONLINE,
        submitted_on=submitted,
        received_on=received,
        applicant_kind=kind,
        applicant_name="张三",
        description="所需信息",
        status=_status(received, closed),
        closed_on=closed,
        outcome=outcome,
    )


def _status(received: datetime.date | None, closed: datetime.date | None) -> str:
    if closed is not None:
        return CaseStatus.CLOSED
    return CaseStatus.IN_PROGRESS if received else CaseStatus.PENDING_RECEIPT


def save_cases(cases: list[FoiCase]) -> list[FoiCase]:
    return FoiCase.objects.bulk_create(cases, batch_size=2000)


def closed_case(org: Organization, on: datetime.date) -> FoiCase:
    """A saved case closed on ``on`` (the case an appeal or a fee is about)."""
    return save_cases([case(org, received=on - datetime.timedelta(days=10), closed=on)])[0]


def appeal(
    on_case: FoiCase,
    *,
    kind: str,
    filed: datetime.date,
    result: str = "",
    decided: datetime.date | None = None,
) -> FoiAppeal:
    return FoiAppeal.objects.create(
        case=on_case, kind=kind, filed_on=filed, result=result, decided_on=decided
    )


def fee(
    on_case: FoiCase,
    *,
    amount: str,
    notice: datetime.date,
    paid: datetime.date | None = None,
    amount_paid: str | None = None,
) -> FoiFeeNotice:
    return FoiFeeNotice.objects.create(
        case=on_case,
        method="per_item",
        count_in_month=11,
        amount=Decimal(amount),
        notice_on=notice,
        paid_on=paid,
        amount_paid=None if amount_paid is None else Decimal(amount_paid),
    )


def document(
    org: Organization,
    *,
    kind: str = DocumentKind.DOCUMENT,
    genre: str = Genre.NOTICE,
    status: str = DocumentStatus.PUBLISHED,
    **dates: Any,
) -> Document:
    """A catalogue document of ``org``; ``dates`` are written_on, published_on, effective_on,
    repealed_on, valid_until and validity."""
    subject = Subject.objects.filter(parent__isnull=False).order_by("pk").first()
    assert subject is not None
    return Document.objects.create(
        org=org, title="文件", kind=kind, genre=genre, subject=subject, status=status, **dates
    )
