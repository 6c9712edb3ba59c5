"""Benchmark: the annual report's computation (gongkai.reports.computation) at 100,000 cases on PostgreSQL.

Issue 6: ``annual_figures`` for one organization holding 100,000 依申请公开 cases must take under 2 s, in a
fixed number of queries; ``rollup_figures`` sums 100 organizations (the 主管部门's roll-up) the same way.

What it does, in its own database ``gk_reports_bench`` on postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL to
change the server, --database the name; skipped with a message when no server answers): migrates it and,
unless they are there already, writes (bulk_create, bypassing the services: the fixture is not what is
measured) one 人民政府 ``rb-main`` with 100,000 cases received over 2019–2026 (about 8 % still open, 1 %
not yet confirmed as received, the rest closed 0–90 days after receipt with a weighted outcome, every
applicant kind), appeals on 2 % of its closed cases, fee notices on 5 %, 2,000 规章 and 规范性文件; and
100 departments ``rb-000`` … ``rb-099`` with 500 cases each. Then it times ``annual_figures`` for
``rb-main`` and ``rollup_figures`` over the 101 organizations for each year asked (median of --runs runs
after one warm-up), shows the time of each of the five queries of one run, checks the identities and
prints the figures of section 三.

The machine may be shared: the load average is printed before and after.

    .venv/bin/python bench/bench_reports.py [--cases 100000] [--orgs 100] [--per-org 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
TARGET_SECONDS = 2.0
SEED = 20261202
MAIN_CODE = "rb-main"
FIRST_DAY, LAST_DAY = datetime.date(2019, 1, 1), datetime.date(2026, 11, 30)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases of the main organization")
    parser.add_argument("--orgs", type=int, default=100, help="further organizations for the roll-up")
    parser.add_argument("--per-org", type=int, default=500, help="cases of each further organization")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each computation (median)")
    parser.add_argument("--years", default="2025,2026", help="report years, comma-separated")
    parser.add_argument("--database", default="gk_reports_bench", help="database name on the server")
    return parser.parse_args()


# --- Database ------------------------------------------------------------------------------------------


def _database_ready(url: str) -> bool:
    """Create the benchmark database when PostgreSQL answers; False (and a message) when it does not."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server.replace("postgres://", "postgresql://"), connect_timeout=3) as conn:
            conn.autocommit = True
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}")
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as exc:
        print(f"bench_reports: skipped — no PostgreSQL answers at {server} ({str(exc).strip()[:120]}).")
        return False
    print(f"PostgreSQL {version[0] if version else '?'}, database {name}")
    return True


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --- Fixture -------------------------------------------------------------------------------------------


def _outcome_weights() -> tuple[list[str], list[int]]:
    from gongkai.reports.choices import OUTCOME_ORDER

    # Most applications are answered with the information; every row of the table gets some.
    weights = {"disclosed": 40, "partially_disclosed": 10, "unavailable.not_held": 15, "other.other": 6}
    return list(OUTCOME_ORDER), [weights.get(code, 1) for code in OUTCOME_ORDER]


def _cases(org: Any, count: int, rng: random.Random, prefix: str) -> Iterator[Any]:
    from gongkai.foi.choices import CaseStatus, Channel
    from gongkai.foi.models import FoiCase
    from gongkai.reports.choices import SECTION3_KINDS

    outcomes, weights = _outcome_weights()
    kind_weights = [60, 20, 5, 5, 5, 5]
    span = (LAST_DAY - FIRST_DAY).days
    for i in range(count):
        received: datetime.date | None = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        closed = None
        outcome = ""
        roll = rng.random()
        if roll < 0.01:
            received = None
        elif roll > 0.09:
            assert received is not None
            closed = received + datetime.timedelta(days=rng.randrange(91))
            outcome = rng.choices(outcomes, weights)[0]
        status = (
            CaseStatus.CLOSED
            if closed
            else CaseStatus.IN_PROGRESS
            if received
            else CaseStatus.PENDING_RECEIPT
        )
        yield FoiCase(
            org=org,
            number=f"{prefix}-{i:07d}",
            query_code_hash="bench",
            channel=Channel.ONLINE,
            submitted_on=received or LAST_DAY,
            received_on=received,
            applicant_kind=rng.choices(SECTION3_KINDS, kind_weights)[0],
            applicant_name="张三",
            description="基准测试申请",
            status=status,
            closed_on=closed,
            outcome=outcome,
            replied_late=None if closed is None else rng.random() < 0.03,
        )


def _bulk(model: Any, objects: Iterator[Any], batch: int = 5_000) -> int:
    count, chunk = 0, []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == batch:
            model.objects.bulk_create(chunk)
            count, chunk = count + len(chunk), []
    model.objects.bulk_create(chunk)
    return count + len(chunk)


def _appeals_and_fees(org: Any, rng: random.Random) -> tuple[int, int]:
    from gongkai.foi.choices import AppealKind, AppealResult, FeeMethod
    from gongkai.foi.models import FoiAppeal, FoiCase, FoiFeeNotice

    closed = list(FoiCase.objects.filter(org=org, closed_on__isnull=False).values_list("pk", "closed_on"))
    kinds, results = list(AppealKind.values), [*AppealResult.values, ""]

    def appeals() -> Iterator[Any]:
        for pk, on in rng.sample(closed, len(closed) // 50):
            filed = on + datetime.timedelta(days=rng.randrange(1, 60))
            result = rng.choice(results)
            decided = filed + datetime.timedelta(days=rng.randrange(30, 200)) if result else None
            yield FoiAppeal(
                case_id=pk, kind=rng.choice(kinds), filed_on=filed, result=result, decided_on=decided
            )

    def notices() -> Iterator[Any]:
        for pk, on in rng.sample(closed, len(closed) // 20):
            notice = on - datetime.timedelta(days=rng.randrange(5, 30))
            amount = Decimal(rng.choice(["100.00", "200.00", "350.00", "1200.00"]))
            paid = notice + datetime.timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.8 else None
            yield FoiFeeNotice(
                case_id=pk,
                method=FeeMethod.PER_ITEM,
                count_in_month=11,
                amount=amount,
                notice_on=notice,
                paid_on=paid,
                amount_paid=amount if paid else None,
            )

    return _bulk(FoiAppeal, appeals()), _bulk(FoiFeeNotice, notices())


def _documents(org: Any, rng: random.Random, count: int = 2_000) -> int:
    from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre, Validity
    from gongkai.publications.models import Document, Subject

    subject = Subject.objects.filter(parent__isnull=False).order_by("pk").first()
    span = (LAST_DAY - FIRST_DAY).days

    def documents() -> Iterator[Any]:
        for i in range(count):
            written = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            rule = i % 4 == 0
            repealed = (
                written + datetime.timedelta(days=rng.randrange(200, 2000)) if rng.random() < 0.2 else None
            )
            yield Document(
                org=org,
                title=f"基准测试文件{i}",
                kind=DocumentKind.DOCUMENT if rule else DocumentKind.NORMATIVE,
                genre=Genre.ORDER if rule else Genre.NOTICE,
                subject=subject,
                status=DocumentStatus.PUBLISHED,
                written_on=written,
                published_on=written + datetime.timedelta(days=3),
                repealed_on=repealed,
                validity=Validity.REPEALED if repealed and repealed < LAST_DAY else Validity.VALID,
                valid_until=None if rule else written + datetime.timedelta(days=5 * 365),
            )

    return _bulk(Document, documents())


def _prepare(args: argparse.Namespace) -> list[Any]:
    from django.core.management import call_command

    from gongkai.foi.models import FoiCase
    from gongkai.orgs.choices import OrgKind
    from gongkai.orgs.models import Organization
    from gongkai.publications.models import Document

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    main, _created = Organization.objects.get_or_create(
        code=MAIN_CODE, defaults={"name": "基准测试市人民政府", "kind": OrgKind.GOVERNMENT}
    )
    if FoiCase.objects.filter(org=main).count() < args.cases:
        FoiCase.objects.filter(org=main).delete()
        Document.objects.filter(org=main).delete()
        cases = _bulk(FoiCase, _cases(main, args.cases, rng, MAIN_CODE))
        appeals, notices = _appeals_and_fees(main, rng)
        documents = _documents(main, rng)
        print(
            f"{MAIN_CODE}: {cases:,} cases, {appeals:,} appeals, {notices:,} fee notices, "
            f"{documents:,} documents"
        )
    others = []
    for n in range(args.orgs):
        org, _created = Organization.objects.get_or_create(
            code=f"rb-{n:03d}", defaults={"name": f"基准测试部门{n:03d}", "kind": OrgKind.DEPARTMENT}
        )
        if FoiCase.objects.filter(org=org).count() < args.per_org:
            FoiCase.objects.filter(org=org).delete()
            _bulk(FoiCase, _cases(org, args.per_org, rng, org.code))
        others.append(org)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"database ready in {time.perf_counter() - started:.0f} s")
    return [main, *others]


# --- Measurement -----------------------------------------------------------------------------------------


def _median_seconds(function: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = function()  # warm-up: connection, plans, caches
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


@contextmanager
def _query_times(into: list[tuple[float, str]]) -> Iterator[None]:
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            into.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(wrapper):
        yield


def _show_section3(figures: Any) -> None:
    from gongkai.reports.choices import SECTION3_COLUMNS, SECTION3_ROWS

    print("    " + " ".join(f"{c[:8]:>9}" for c in SECTION3_COLUMNS))
    for row in SECTION3_ROWS:
        print(f"    {' '.join(f'{figures.section3.rows[row][c]:>9,}' for c in SECTION3_COLUMNS)}  {row}")


def _measure(orgs: list[Any], year: int, runs: int) -> bool:
    from gongkai.reports.computation import annual_figures, rollup_figures
    from gongkai.reports.identities import identity_failures

    main = orgs[0]
    ok = True
    print(f"\n== {year} == load average {_loadavg()}")
    one, figures = _median_seconds(lambda: annual_figures(org=main, year=year), runs)
    queries: list[tuple[float, str]] = []
    with _query_times(queries):
        annual_figures(org=main, year=year)
    verdict = "ok" if one < TARGET_SECONDS else "TOO SLOW"
    print(
        f"annual_figures({MAIN_CODE}): median {one * 1000:.0f} ms of {runs} runs, {len(queries)} queries "
        f"(target < {TARGET_SECONDS:.0f} s: {verdict})"
    )
    for seconds, sql in queries:
        print(f"    {seconds * 1000:7.1f} ms  {sql[:100]}")
    ok = ok and one < TARGET_SECONDS
    failures = identity_failures(figures)
    print(f"  identities: {'all hold' if not failures else [f.message for f in failures]}")
    _show_section3(figures)
    print(f"  section 二: {figures.section2.rules} {figures.section2.normative_documents}")
    print(f"  section 四: {figures.section4.groups}")
    print(f"  fees: {figures.fees}")

    rollup, rolled = _median_seconds(
        lambda: rollup_figures(orgs=orgs, year=year, code="rb-all", name="合计"), runs
    )
    queries = []
    with _query_times(queries):
        rollup_figures(orgs=orgs, year=year, code="rb-all", name="合计")
    print(
        f"rollup_figures({len(orgs)} orgs): median {rollup * 1000:.0f} ms of {runs} runs, "
        f"{len(queries)} queries"
    )
    failures = identity_failures(rolled)
    totals = {row: cells["total"] for row, cells in rolled.section3.rows.items()}
    print(
        f"  identities: {'all hold' if not failures else [f.message for f in failures]}; "
        f"new {totals['new']:,}, handled {totals['total_handled']:,}"
    )
    return ok


def main() -> int:
    args = _arguments()
    url = f"{os.environ.get('BENCH_POSTGRES_URL', DEFAULT_POSTGRES_URL)}/{args.database}"
    if not _database_ready(url):
        return 0
    _setup_django(url)
    print(f"load average at start: {_loadavg()}")
    orgs = _prepare(args)
    ok = all([_measure(orgs, int(year), args.runs) for year in args.years.split(",")])
    print(f"\nload average at the end: {_loadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
