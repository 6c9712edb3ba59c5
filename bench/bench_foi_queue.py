"""Benchmark: the 依申请公开 staff queue, the daily refresh (tick) and a case page at 100,000 cases.

Issue 5. In its own PostgreSQL database ``gk_foi_bench`` on postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL to
change the server, --database the name; skipped with a message when no server answers): migrates it,
loads the demo region and 100,000 cases with their events (bench.foi_fixture, COPY; kept for the next
run), then

(a) the workbench queue /staff/foi/cases/ as 王五 (foi_head of 市发展改革委) and as the platform_admin, first
    page and a filtered page: the queries each page sends, which must be the same with 1,000 cases as with
    all of them (the run fails otherwise), and requests/s beside a bare Django view that renders a copy of
    the same page as a template without tags or queries (bench.urls; target: at least half) — measured with
    Django's test Client in this process, every target in turn in each round, medians;
(b) ``foi_cases_refresh(today=…)`` over every open case, as the fixture's day (nothing to store), the next
    day (every open case stored, lapses recorded) and, as a worst case, with every case open, so that all
    100,000 are recomputed and stored (target: 100,000 cases in under a minute): wall-clock and CPU of this
    process and of its PostgreSQL backend, cases/s; each run in a transaction that is rolled back, so the
    fixture stays as it is; one run under cProfile;
(c) the case page of the fixture's case with 20 events, the same way as the queue.

The load average is printed before and after each measurement: the machine may be shared.

    .venv/bin/python bench/bench_foi_queue.py [--cases 100000] [--small 1000] [--seconds 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import os
import platform
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
TARGET_RATIO = 0.5
TARGET_CASES_PER_SECOND = 100_000 / 60


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="fixture cases (default 100,000)")
    parser.add_argument("--small", type=int, default=1_000, help="cases kept for the query-count comparison")
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of one page measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages (median is reported)")
    parser.add_argument("--profile-requests", type=int, default=20, help="requests per page under cProfile")
    parser.add_argument("--tick-runs", type=int, default=3, help="runs of each refresh (median is reported)")
    parser.add_argument("--database", default="gk_foi_bench", help="database name on the server")
    parser.add_argument(
        "--no-tick-profile", dest="tick_profile", action="store_false", help="no cProfile run of the refresh"
    )
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-tick", action="store_true")
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
        print(f"bench_foi_queue: skipped — no PostgreSQL answers at {server} ({str(exc).strip()[:120]}).")
        print("Start PostgreSQL (or set BENCH_POSTGRES_URL) and run `make bench` again.")
        return False
    print(f"PostgreSQL {version[0] if version else '?'}, database {name}")
    return True


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ["HTTPS"] = "0"
    os.environ["GONGKAI_REQUIRE_2FA"] = "0"  # the Client signs in with force_login
    import django

    django.setup()


def _prepare(cases: int) -> None:
    from django.core.management import call_command

    from bench.foi_fixture import foi_cases_ensure
    from gongkai.orgs.models import Organization

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        from gongkai.portal.demo.loader import load_demo_region

        load_demo_region()
    foi_cases_ensure(cases=cases)
    print(f"database ready in {time.perf_counter() - started:.0f} s")


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB, "
        f"Python {platform.python_version()}, load average {_loadavg()} at start"
    )


def _compact(*, quiet: bool = False) -> None:
    """Rewrite the cases table without dead rows. Every refresh below updates up to 100,000 rows and is
    rolled back, which leaves as many dead row versions behind; the queue's scans over a table bloated
    by earlier runs measured four to seven times slower (a first version of this script, 2026-12-02)."""
    from django.db import connection

    from gongkai.foi.models import FoiCase

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL ANALYZE {FoiCase._meta.db_table}")
    if not quiet:
        print(f"VACUUM FULL ANALYZE {FoiCase._meta.db_table}: {time.perf_counter() - started:.1f} s")


def _fixture_summary() -> None:
    from django.db.models import Count

    from bench.foi_fixture import AS_OF
    from gongkai.foi.models import FoiCase, FoiEvent

    cases = FoiCase.objects.count()
    events = FoiEvent.objects.count()
    states = FoiCase.objects.values_list("status").annotate(n=Count("id")).order_by("-n")
    due = (
        FoiCase.objects.exclude(due_status="")
        .values_list("due_status")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    print(f"{cases:,} cases ({events:,} events, {events / max(cases, 1):.1f} per case), as of {AS_OF}")
    print("  status: " + ", ".join(f"{s} {n:,}" for s, n in states))
    print("  due status: " + ", ".join(f"{s} {n:,}" for s, n in due))


# --- Pages ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # username
    path: str
    bare: str  # the bare view's template name (bench.urls.BARE_TEMPLATES)


def _pages() -> list[Page]:
    from django.urls import reverse

    from bench.foi_fixture import long_case

    queue = reverse("foi_cases:queue")
    case = long_case()
    return [
        Page("queue, foi_head, first page", "wangwu", queue, "foi_queue_head"),
        Page(
            "queue, foi_head, filtered (year, applicant kind)",
            "wangwu",
            f"{queue}?year=2026&applicant_kind=person",
            "foi_queue_head_filtered",
        ),
        Page("queue, platform_admin, first page", "admin", queue, "foi_queue_admin"),
        Page(
            "queue, platform_admin, filtered (text, status)",
            "admin",
            f"{queue}?q=%E5%BE%81%E6%94%B6%E8%A1%A5%E5%81%BF&status=closed",  # q=征收补偿
            "foi_queue_admin_filtered",
        ),
        Page(
            f"case page ({case.events.count()} events)",
            "wangwu",
            reverse("foi_cases:case", args=(case.pk,)),
            "foi_case",
        ),
        Page("workbench layout alone (empty staff screen)", "wangwu", "/bench/staff-layout/", "foi_layout"),
    ]


def _clients(pages: list[Page]) -> dict[str, Any]:
    from django.test import Client

    from gongkai.accounts.models import User

    clients = {}
    for username in {page.user for page in pages}:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    return clients


@contextmanager
def _memos_kept() -> Iterator[None]:
    """What the process remembers for a few seconds (gongkai.core.memo, the working-day calendar) stays
    remembered while queries are counted, so that a count does not depend on how fast the machine runs."""
    from gongkai.core import calendar
    from gongkai.core.memo import all_memos

    saved = [(memo, memo.seconds) for memo in all_memos()]
    recheck = calendar.RECHECK_SECONDS
    for memo, _seconds in saved:
        memo.seconds = 3600.0
    calendar.RECHECK_SECONDS = 3600.0
    try:
        yield
    finally:
        for memo, seconds in saved:
            memo.seconds = seconds
        calendar.RECHECK_SECONDS = recheck


ROW = re.compile(rb'class="gk-row--')


@dataclass(frozen=True)
class Count:
    queries: int
    sql_ms: float
    rows: int
    size: int
    slowest: list[tuple[float, str]]  # the three slowest queries: ms, SQL


def _count_queries(pages: list[Page], clients: dict[str, Any]) -> dict[str, Count]:
    """Queries of each page, asked twice: the second time (the process's memos warm) is counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with _memos_kept():
        for page in pages:
            client = clients[page.user]
            client.get(page.path)
            with CaptureQueriesContext(connection) as context:
                response = client.get(page.path)
            assert response.status_code == 200, (page.path, response.status_code)
            times = sorted(
                ((float(q["time"]) * 1000, q["sql"]) for q in context.captured_queries), reverse=True
            )
            rows = len(ROW.findall(response.content))
            counts[page.name] = Count(
                len(times), sum(ms for ms, _sql in times), rows, len(response.content), times[:3]
            )
    return counts


def _keep_first(cases: int) -> int:
    """Delete every case but the ``cases`` oldest, with what hangs off them (raw SQL, inside the caller's
    transaction, which rolls it back). Returns the cases left."""
    from django.db import connection, models

    from gongkai.foi.models import FoiCase

    ids = list(FoiCase.objects.order_by("pk").values_list("pk", flat=True)[cases - 1 : cases])
    if not ids:
        return FoiCase.objects.count()
    doomed = f"SELECT id FROM {FoiCase._meta.db_table} WHERE id > {int(ids[0])}"  # noqa: S608
    with connection.cursor() as cursor:
        for relation in FoiCase._meta.related_objects:
            table = relation.related_model._meta.db_table  # type: ignore[union-attr]
            column = relation.field.column
            if relation.on_delete is models.CASCADE:
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({doomed})")  # noqa: S608
            elif relation.on_delete is models.SET_NULL:
                cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({doomed})")  # noqa: S608
        cursor.execute(f"DELETE FROM {FoiCase._meta.db_table} WHERE id > {int(ids[0])}")  # noqa: S608
    return FoiCase.objects.count()


def _query_counts(pages: list[Page], clients: dict[str, Any], small: int) -> dict[str, Count]:
    """The counts with every case and with only ``small`` cases; the run fails when they differ."""
    from django.db import transaction

    from gongkai.foi.models import FoiCase

    total = FoiCase.objects.count()
    large = _count_queries(pages, clients)
    with transaction.atomic():
        left = _keep_first(small)
        few = _count_queries(pages, clients)
        transaction.set_rollback(True)
    print(f"\nqueries per page with {left:,} cases and with {total:,} (second request, memos warm):")
    print(f"| page | queries at {left:,} | queries at {total:,} | SQL ms at {total:,} | rows shown | bytes |")
    print("| --- | --- | --- | --- | --- | --- |")
    differ = []
    for page in pages:
        a, b = few[page.name], large[page.name]
        mark = "" if a.queries == b.queries else " ✗"
        print(f"| {page.name} | {a.queries} | {b.queries}{mark} | {b.sql_ms:.1f} | {b.rows} | {b.size:,} |")
        if a.queries != b.queries:
            differ.append(page.name)
        if page.name.startswith("queue") and not (a.rows and b.rows):
            raise SystemExit(f"bench_foi_queue: {page.name} shows no case at {left:,} or {total:,} cases")
    if differ:
        raise SystemExit(
            f"bench_foi_queue: FAILED — query counts differ between {left:,} and {total:,} cases: {differ}"
        )
    print("query counts fixed ✓")
    print(f"\nslowest queries at {total:,} cases:")
    for page in pages:
        for ms, sql in large[page.name].slowest:
            print(f"  {page.name}: {ms:.0f} ms  {sql[:300]}")
    return large


def _write_bare_templates(pages: list[Page], clients: dict[str, Any]) -> None:
    """A copy of each rendered page as the bare view's template: same bytes, no tags, no queries."""
    from bench.settings import BENCH_TEMPLATE_DIR

    for page in pages:
        body = clients[page.user].get(page.path).content.decode()
        (BENCH_TEMPLATE_DIR / f"bench_bare_{page.bare}.html").write_text(
            "{% verbatim %}" + body + "{% endverbatim %}", encoding="utf-8"
        )


@dataclass
class Timing:
    rps: list[float]
    p95: list[float]


def _load(client: Any, path: str, seconds: float) -> tuple[float, float]:
    """Requests one after the other for ``seconds``: (requests/s, p95 latency in ms)."""
    latencies = []
    started = time.perf_counter()
    stop = started + seconds
    now = started
    while now < stop:
        response = client.get(path)
        after = time.perf_counter()
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
        latencies.append((after - now) * 1000)
        now = after
    latencies.sort()
    return len(latencies) / (now - started), latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]


def _measure_pages(args: argparse.Namespace) -> None:
    pages = _pages()
    clients = _clients(pages)
    counts = _query_counts(pages, clients, args.small)
    _write_bare_templates(pages, clients)
    targets: dict[str, tuple[Any, str]] = {}
    for page in pages:
        targets[page.name] = (clients[page.user], page.path)
        targets[f"bare: {page.name}"] = (clients[page.user], f"/bench/bare/{page.bare}/")
    for client, path in targets.values():  # warm up
        _load(client, path, 0.5)
    timings = {name: Timing([], []) for name in targets}
    print(
        f"\nrequests/s in process (Django test Client), {args.rounds} rounds of "
        f"{args.seconds:g} s per target:"
    )
    for round_number in range(args.rounds):
        names = list(targets)
        shift = round_number * 2 % len(names)
        before = _loadavg()
        for name in names[shift:] + names[:shift]:
            client, path = targets[name]
            rps, p95 = _load(client, path, args.seconds)
            timings[name].rps.append(rps)
            timings[name].p95.append(p95)
        print(f"  round {round_number + 1}: load average before {before}, after {_loadavg()}")
    print("\n| page | queries | requests/s | p95 ms | bare view requests/s | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for page in pages:
        rps = statistics.median(timings[page.name].rps)
        bare = statistics.median(timings[f"bare: {page.name}"].rps)
        ratio = rps / bare if bare else 0.0
        print(
            f"| {page.name} | {counts[page.name].queries} | {rps:.1f} "
            f"| {statistics.median(timings[page.name].p95):.1f} | {bare:.0f} "
            f"| {ratio:.3f} {'✓' if ratio >= TARGET_RATIO else '✗'} |"
        )
    if args.profile_requests:
        for page in (pages[2], pages[4]):
            times = args.profile_requests
            _profile(
                f"{times} requests of {page.name}", partial(_repeat, clients[page.user], page.path, times)
            )


def _repeat(client: Any, path: str, times: int) -> None:
    for _ in range(times):
        client.get(path)


def _profile(label: str, work: Callable[[], Any], *, lines: int = 30) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(lines)
        print(f"\nprofile of {label} ({order}):")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


# --- tick ----------------------------------------------------------------------------------------------


def _backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend serving this connection (same machine only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
    try:
        fields = Path(f"/proc/{row[0] if row else 0}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class TickRun:
    cases: int
    changed: int
    wall: float
    cpu: float
    backend_cpu: float
    queries: int
    load: str
    lapses: int


def _tick_once(today: datetime.date, *, every_case: bool, profile: bool = False) -> TickRun:
    """One foi_cases_refresh in a transaction that is rolled back (untimed: the setup and the rollback)."""
    from django.db import connection, transaction
    from django.db.models import Q

    from bench.foi_fixture import open_case_count
    from gongkai.foi.choices import LAPSE_OUTCOMES, CaseStatus, EventType
    from gongkai.foi.models import FoiCase, FoiEvent
    from gongkai.foi.services.tick import foi_cases_refresh

    queries = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with transaction.atomic():
        if every_case:
            # The worst case: every case open, so that each is recomputed and stored again — but for
            # those closed by a lapse or with a fee notice neither paid nor lapsed: their correction or
            # payment period stays expired in the engine's result, so tick would try to record its lapse
            # again, which the engine refuses after the close (tick never sees a closed case).
            unpaid = Q(fee__isnull=False, fee__paid_on__isnull=True, fee__lapsed_on__isnull=True)
            closed = FoiCase.objects.filter(status=CaseStatus.CLOSED).exclude(unpaid)
            closed = closed.exclude(outcome__in=LAPSE_OUTCOMES)
            closed.update(status=CaseStatus.IN_PROGRESS)
        cases = open_case_count()
        lapse_events = FoiEvent.objects.filter(type__in=[EventType.CORRECTION_LAPSED, EventType.FEE_LAPSED])
        lapses = lapse_events.count()
        before = _loadavg()
        backend = _backend_cpu()
        profiler = cProfile.Profile() if profile else None
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counting):
            if profiler:
                profiler.enable()
            changed = foi_cases_refresh(today=today)
            if profiler:
                profiler.disable()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        backend = _backend_cpu() - backend
        lapses = lapse_events.count() - lapses
        transaction.set_rollback(True)
    run = TickRun(cases, changed, wall, cpu, backend, queries, f"{before} → {_loadavg()}", lapses)
    if profiler:
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(30)
            print(f"\nprofile of foi_cases_refresh, {cases:,} cases, today {today} ({order}):")
            print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    return run


def _measure_tick(args: argparse.Namespace) -> None:
    from bench.foi_fixture import AS_OF

    next_day = AS_OF + datetime.timedelta(days=1)
    scenarios = [
        (f"open cases, today = fixture's day {AS_OF} (nothing to store)", AS_OF, False),
        (f"open cases, today = next day {next_day} (every open case stored)", next_day, False),
        (f"every case reopened, today = {next_day} (all recomputed and stored)", next_day, True),
    ]
    print("\nfoi_cases_refresh (each run rolled back):")
    results = []
    for label, today, every_case in scenarios:
        runs = []
        for _ in range(args.tick_runs):
            if every_case:
                _compact(quiet=True)  # so that each run starts from the same table (not timed)
            run = _tick_once(today, every_case=every_case)
            runs.append(run)
            print(
                f"  {label}: {run.cases:,} cases, {run.changed:,} changed ({run.lapses} lapses recorded), "
                f"{run.wall:.2f} s wall, "
                f"CPU {run.cpu:.2f} s + PostgreSQL {run.backend_cpu:.2f} s, {run.queries:,} queries "
                f"(load average {run.load})"
            )
        results.append((label, runs))
    print(
        "\n| refresh | cases | changed | wall s (median) | CPU s, process | CPU s, PostgreSQL "
        "| cases/s (wall) | queries |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, runs in results:
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        backend = statistics.median(r.backend_cpu for r in runs)
        first = runs[0]
        rate = first.cases / wall if wall else 0.0
        mark = "✓" if rate >= TARGET_CASES_PER_SECOND else "✗"
        print(
            f"| {label} | {first.cases:,} | {first.changed:,} | {wall:.2f} ({min(r.wall for r in runs):.2f}–"
            f"{max(r.wall for r in runs):.2f}) | {cpu:.2f} | {backend:.2f} | {rate:,.0f} {mark} "
            f"| {first.queries:,} |"
        )
    if args.tick_profile:
        _compact(quiet=True)
        _tick_once(next_day, every_case=True, profile=True)


def main() -> int:
    args = _arguments()
    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL).rstrip("/")
    url = f"{server}/{args.database}"
    if not _database_ready(url):
        return 0
    _setup_django(url)
    print(f"machine: {_machine()}, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    _prepare(args.cases)
    _compact()
    _fixture_summary()
    if not args.skip_pages:
        _measure_pages(args)
    if not args.skip_tick:
        _measure_tick(args)
        _compact()
    print(f"\nload average at the end: {_loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
