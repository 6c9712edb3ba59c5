"""Benchmark: full-text search over the catalogue — indexing throughput and query latency (issue 4).

Targets on the project's 2-core machine: p95 ≤ 100 ms per query at 1,000,000 documents on PostgreSQL, and
indexing ≥ 1,000 documents/s. Measured at 100,000 and 1,000,000 documents on PostgreSQL and at 100,000 on
SQLite (the embedded default), each in its own database kept between runs:

- PostgreSQL: ``gk_search_100k``, ``gk_search_1m`` … on postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL to
  change the server); the PostgreSQL part is skipped with a message when no server answers;
- SQLite: ``var/bench/search_100k.sqlite3`` ….

Each database is migrated, gets the demo region and a synthetic catalogue (bench.catalogue_fixture:
published documents whose titles, 文号 and bodies of paragraphs are built from the demo corpus), and its
search index is built through the product's own code (gongkai.search.services.search_reindex, what
``manage.py search_reindex`` runs), timed. When the index is already complete (a later run), a sample is
reindexed through the backend's add_bulk instead (the same path, in the same batches), timed, and split
into loading, segmentation and database writes; a short cProfile run says where the time goes.

Then a fixed, seeded mix of queries built from the corpus vocabulary and the government dictionary runs
through ONE function, ``search()`` below: 1, 2 and 3 terms; with filters (organization, year, 体裁); with
facet counts (organization, 体裁); and 文号 lookups typed in different bracket styles. Every query is run
``--rounds`` times (after one warm-up pass); its latency is the median of its rounds, and p50/p95/max are
reported over the queries of each class and overall, with the result counts for sanity.

Every database is measured in a child process of its own (Django connects to one database per process);
the parent prints the machine and a summary. Options: --help.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import datetime
import io
import json
import math
import os
import platform
import pstats
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
SQLITE_DIR = ROOT / "var" / "bench"
TARGET_P95_MS = 100.0
TARGET_P95_SIZE = 1_000_000  # the latency target is stated for this size on PostgreSQL
TARGET_INDEX_RATE = 1_000.0
PAGE_SIZE = 20  # results on one page of /search/
INDEX_BATCH = 500  # gongkai.search.services.REINDEX_BATCH, checked in _index()
FACETS = ("org_id", "genre")  # attnames, as modelsearch's facet() wants them
CLASSES = (
    "1 term",
    "2 terms",
    "3 terms",
    "1–3 terms + filter",
    "1–3 terms + facets",
    "1–3 terms + filter + facets",
    "文号 lookup",
)


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        help="catalogue sizes on PostgreSQL, comma-separated (default 100000,1000000; 0 for none)",
    )
    parser.add_argument(
        "--postgres-database",
        help="measure this database on the PostgreSQL server instead of gk_search_<size> (one size only), "
        "e.g. a copy made with createdb -T gk_search_100k",
    )
    parser.add_argument("--sqlite-size", type=int, default=100_000, help="catalogue size on SQLite (0: none)")
    parser.add_argument(
        "--queries", type=int, default=210, help="queries in the mix (default 210; 0: indexing only)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of every query (median is kept)")
    parser.add_argument("--seed", type=int, default=4, help="seed of the query mix")
    parser.add_argument(
        "--timeout",
        type=float,
        default=5.0,
        help="seconds one search may take; slower ones are cancelled, counted as timed out (default 5)",
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="measure the databases as they are: no fixture, no indexing"
    )
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the whole index (timed) even when it is complete"
    )
    parser.add_argument(
        "--index-sample",
        type=int,
        default=5_000,
        help="documents reindexed (timed, split into phases) when the index is already complete",
    )
    parser.add_argument(
        "--profile", type=int, default=1_000, help="documents indexed under cProfile (0: off)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes of a full build (search_reindex's workers; PostgreSQL only, default 1)",
    )
    parser.add_argument(
        "--entry",
        choices=("queryset", "search_public"),
        default="search_public",
        help="what search() calls: search_public (the page's and the API's entry), or Wagtail's search on "
        "the Document queryset alone",
    )
    # Internal: one database, in a child process.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


# --- The parent: machine, databases, children, summary -----------------------------------------------------


def _postgres_version(server: str) -> str | None:
    """The server's version, or None (and a message) when no PostgreSQL answers."""
    import psycopg

    try:
        with psycopg.connect(
            server.replace("postgres://", "postgresql://") + "/postgres", connect_timeout=3
        ) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as exc:
        print(
            f"bench_search: PostgreSQL part skipped — no PostgreSQL answers at {server} ({str(exc)[:120]})."
        )
        print("Start PostgreSQL (or set BENCH_POSTGRES_URL) and run `make bench` again.")
        return None
    return str(row[0]) if row else "?"


def _postgres_database(server: str, name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        server.replace("postgres://", "postgresql://") + "/postgres", connect_timeout=3
    ) as conn:
        conn.autocommit = True
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    return f"{server}/{name}"


def _machine(postgres: str | None) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB, "
        f"Python {platform.python_version()}, "
        f"PostgreSQL {postgres or 'not used'}, SQLite {sqlite3.sqlite_version}, "
        f"load average {_load()} at start"
    )


def _load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def _passed_on(args: argparse.Namespace) -> list[str]:
    options = [
        f"--queries={args.queries}",
        f"--rounds={args.rounds}",
        f"--seed={args.seed}",
        f"--index-sample={args.index_sample}",
        f"--profile={args.profile}",
        f"--entry={args.entry}",
        f"--workers={args.workers}",
        f"--timeout={args.timeout}",
    ]
    return options + [
        flag for flag, on in (("--skip-build", args.skip_build), ("--reindex", args.reindex)) if on
    ]


def _run_child(args: argparse.Namespace, vendor: str, size: int, url: str) -> dict[str, Any] | None:
    print(f"\n== {vendor}, {size:,} documents ({url}) ==", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        result_path = Path(scratch) / "result.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            f"--child={vendor}:{size}",
            f"--result={result_path}",
            *_passed_on(args),
        ]
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "HTTPS": "0",
        }
        completed = subprocess.run(command, env=env, check=False)  # noqa: S603 - our own script
        if completed.returncode != 0 or not result_path.exists():
            print(f"{vendor} at {size:,}: failed (exit status {completed.returncode})")
            return None
        result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
        return result


def _summary(results: list[dict[str, Any]]) -> None:
    print("\n== Summary ==")
    print(
        "| database | documents | indexing | documents/s | p50 ms | p95 ms | max ms | timed out "
        "| load average |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for result in results:
        index = result["indexing"]
        overall = result["latency"].get("overall", {"p50": math.nan, "p95": math.nan, "max": math.nan})
        overall.setdefault("timed out", "–")
        rate = index.get("rate")
        rate_text = f"{rate:,.0f} {'✓' if rate >= TARGET_INDEX_RATE else '✗'}" if rate else "–"
        p95 = overall["p95"]
        mark = ""
        if result["vendor"] == "postgresql" and result["documents"] >= TARGET_P95_SIZE:
            mark = " ✓" if p95 <= TARGET_P95_MS else " ✗"
        print(
            f"| {result['vendor']} | {result['documents']:,} | {index.get('how', '–')} | {rate_text} "
            f"| {overall['p50']:.1f} | {p95:.1f}{mark} | {overall['max']:.1f} | {overall['timed out']} "
            f"| {result['load_start']} → {result['load_end']} |"
        )
    print(
        f"targets: indexing ≥ {TARGET_INDEX_RATE:,.0f} documents/s; p95 ≤ {TARGET_P95_MS:.0f} ms at "
        f"{TARGET_P95_SIZE:,} documents on PostgreSQL"
    )


def main() -> int:
    args = _arguments()
    if args.child:
        vendor, size = args.child.split(":")
        return _child(args, vendor, int(size))
    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL).rstrip("/")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip() and int(size) > 0]
    postgres = _postgres_version(server) if sizes else None
    print(f"machine: {_machine(postgres)}, {time.strftime('%Y-%m-%d %H:%M %Z')}", flush=True)
    results = []
    if args.postgres_database and len(sizes) != 1:
        print("bench_search: --postgres-database needs exactly one size in --sizes.")
        return 2
    if postgres:
        for size in sizes:
            url = _postgres_database(server, args.postgres_database or f"gk_search_{_label(size)}")
            results.append(_run_child(args, "postgresql", size, url))
    if args.sqlite_size > 0:
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        path = SQLITE_DIR / f"search_{_label(args.sqlite_size)}.sqlite3"
        results.append(_run_child(args, "sqlite", args.sqlite_size, f"sqlite:///{path}"))
    done = [result for result in results if result]
    if done:
        _summary(done)
    return 0 if len(done) == len(results) else 1


# --- A child: one database ---------------------------------------------------------------------------------


def _child(args: argparse.Namespace, vendor: str, size: int) -> int:
    import django

    django.setup()
    from django.db import connection

    assert connection.vendor == vendor, (connection.vendor, vendor)
    result: dict[str, Any] = {"vendor": vendor, "documents": size, "load_start": _load()}
    if not args.skip_build:
        _prepare(size)
    from gongkai.search.segmentation import query_words

    query_words("政务公开")  # load jieba's dictionary before anything is timed
    result["indexing"] = _index(args, size)
    if args.profile:
        result["profile"] = _profile(args.profile)
    result["latency"], result["counts"] = _measure_queries(args) if args.queries else ({}, {})
    result["size"] = _database_size()
    result["load_end"] = _load()
    print(f"database: {result['size']}; load average {result['load_start']} → {result['load_end']}")
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


def _prepare(size: int) -> None:
    from django.core.management import call_command

    from bench.catalogue_fixture import catalogue_ensure
    from gongkai.orgs.models import Organization

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        from gongkai.portal.demo.loader import load_demo_region

        load_demo_region()
    added = catalogue_ensure(documents=size, log=_every_fifth_line())
    print(
        f"database ready in {time.perf_counter() - started:.0f} s ({added:,} documents written)", flush=True
    )


def _every_fifth_line() -> Any:
    lines = iter(range(10**9))

    def log(message: str) -> None:
        if next(lines) % 5 == 0 or "nothing to do" in message:
            print(message, flush=True)

    return log


def _database_size() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        from modelsearch.conf import get_app_config

        table = get_app_config().get_model("IndexEntry")._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database())), "
                "pg_size_pretty(pg_total_relation_size(%s))",
                [table],
            )
            total, index = cursor.fetchone()
        return f"{total}, of which the search index {index}"
    path = Path(connection.settings_dict["NAME"])
    return f"{path.stat().st_size / 1024**2:,.0f} MB (SQLite file)"


# --- Indexing ----------------------------------------------------------------------------------------------


def _indexed_count() -> tuple[int, int]:
    """Published documents, and how many of them have an index entry."""
    from django.db.models.functions import Cast
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_content_type_pk

    from gongkai.publications.models import Document

    published = Document.get_indexed_objects()
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        ._default_manager.filter(
            content_type_id=get_content_type_pk(Document),
            object_id__in=published.annotate(text_id=Cast("pk", output_field=_text())).values("text_id"),
        )
    )
    return published.count(), entries.count()


def _text() -> Any:
    from django.db.models import TextField

    return TextField()


def _index(args: argparse.Namespace, size: int) -> dict[str, Any]:
    from gongkai.publications.models import Document
    from gongkai.search.services import REINDEX_BATCH

    assert REINDEX_BATCH == INDEX_BATCH, "the benchmark's batch follows the product's"
    published, indexed = _indexed_count()
    print(f"index: {indexed:,} of {published:,} published documents have an entry", flush=True)
    if args.skip_build:
        return {"how": "not built (--skip-build)", "published": published, "indexed": indexed}
    if args.reindex or indexed < published:
        return _build(Document, published, args.workers)
    return _reindex_sample(Document, min(args.index_sample, published))


def _server_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend serving this process's connection (0 on SQLite, or
    when the server is not on this machine): with this process's own CPU time, what indexing costs
    whatever the machine's other load."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _build(model: Any, published: int, workers: int) -> dict[str, Any]:
    """The whole index through search_reindex (manage.py search_reindex), from scratch."""
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_content_type_pk

    from gongkai.search.services import search_reindex

    index_entry = get_app_config().get_model("IndexEntry")
    index_entry._default_manager.filter(content_type_id=get_content_type_pk(model)).delete()
    step = max(published // 10, INDEX_BATCH)
    shown = [0]

    def progress(_model: Any, done: int, total: int) -> None:
        if done >= shown[0] + step or done == total:
            shown[0] = done
            rate = done / (time.perf_counter() - started) if done else 0.0
            print(f"  indexed {done:,} of {total:,} ({rate:,.0f}/s, load {_load()})", flush=True)

    server_started = _server_cpu()
    started = time.perf_counter()
    cpu_started = time.process_time()
    in_workers = {"workers": workers} if workers > 1 else {}  # (code from before workers existed runs too)
    counts = search_reindex(models_to_index=[model], progress=progress, **in_workers)
    seconds = time.perf_counter() - started
    # CPU times are less at the mercy of the machine's other load than the wall clock: this process's
    # (segmentation, building the statements) and its PostgreSQL backend's (tsvectors, GIN indexes). With
    # workers, the work is done in child processes and their own backends, which these do not count.
    cpu = time.process_time() - cpu_started
    server = _server_cpu() - server_started if workers == 1 else math.nan
    done = counts[model._meta.label]
    rate = done / seconds
    print(
        f"indexing: {done:,} documents in {seconds:.1f} s through search_reindex ({workers} process(es)): "
        f"{rate:,.0f} documents/s (CPU per document: this process {cpu / done * 1000:.2f} ms, "
        f"its database backend {server / done * 1000:.2f} ms; load {_load()})"
    )
    return {
        "how": f"full build (search_reindex, {workers} process(es))",
        "documents": done,
        "seconds": seconds,
        "rate": rate,
        "cpu_seconds": cpu,
        "server_cpu_seconds": server,
    }


def _sample_ids(count: int) -> list[int]:
    """``count`` published documents spread over the whole id range (a stride, not the oldest)."""
    from gongkai.publications.models import Document

    ids = list(Document.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
    stride = max(1, len(ids) // max(count, 1))
    return ids[::stride][:count]


def _reindex_sample(model: Any, count: int) -> dict[str, Any]:
    """Reindex ``count`` documents through the backend's add_bulk in the product's batches (the index is
    complete, so every entry is updated in place), timed per phase: loading the documents, the whole
    add_bulk, and — in a separate pass over the same objects — their segmentation alone."""
    from modelsearch.backends import get_search_backends_with_name

    from gongkai.search.index import SegmentedObject

    ids = _sample_ids(count)
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    load = write = segment = segment_cpu = 0.0
    server_started = _server_cpu()
    cpu_started = time.process_time()
    for start in range(0, len(ids), INDEX_BATCH):
        t0 = time.perf_counter()
        objects = list(model.get_indexed_objects().filter(pk__in=ids[start : start + INDEX_BATCH]))
        t1 = time.perf_counter()
        for backend in backends:
            backend.add_bulk(model, objects)
        t2 = time.perf_counter()
        c2 = time.process_time()
        for obj in objects:
            SegmentedObject.of(obj)
        t3 = time.perf_counter()
        segment_cpu += time.process_time() - c2
        load += t1 - t0
        write += t2 - t1
        segment += t3 - t2
    seconds = load + write
    cpu = time.process_time() - cpu_started - segment_cpu  # without the separate segmentation pass
    server = _server_cpu() - server_started
    rate = len(ids) / seconds
    per = {name: value / len(ids) * 1000 for name, value in (("load", load), ("segment", segment))}
    per["write"] = (write - segment) / len(ids) * 1000
    print(
        f"indexing: {len(ids):,} documents reindexed through add_bulk in {seconds:.1f} s: "
        f"{rate:,.0f} documents/s "
        f"(per document: loading {per['load']:.2f} ms, segmentation {per['segment']:.2f} ms, "
        f"database write {per['write']:.2f} ms; CPU per document: this process "
        f"{cpu / len(ids) * 1000:.2f} ms, its database backend {server / len(ids) * 1000:.2f} ms; "
        f"load {_load()})"
    )
    return {
        "how": f"sample of {len(ids):,} reindexed (add_bulk)",
        "documents": len(ids),
        "seconds": seconds,
        "rate": rate,
        "ms_per_document": per,
        "cpu_seconds": cpu,
        "server_cpu_seconds": server,
    }


def _profile(count: int) -> dict[str, float]:
    """cProfile over ``count`` documents reindexed through add_bulk: the shares of segmentation (jieba),
    the database write and the rest."""
    from modelsearch.backends import get_search_backends_with_name

    from gongkai.publications.models import Document

    ids = _sample_ids(count)
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    profiler = cProfile.Profile()
    profiler.enable()
    for start in range(0, len(ids), INDEX_BATCH):
        objects = list(Document.get_indexed_objects().filter(pk__in=ids[start : start + INDEX_BATCH]))
        for backend in backends:
            backend.add_bulk(Document, objects)
    profiler.disable()
    stats = pstats.Stats(profiler)
    cumulative: dict[str, float] = collections.defaultdict(float)
    wanted = {
        ("gongkai/search/index.py", "of"): "segmented object (text + jieba)",
        ("gongkai/search/segmentation.py", "index_words"): "index_words",
        ("gongkai/search/segmentation.py", "_dictionary_parts"): "dictionary parts of long words",
        ("jieba/__init__.py", "cut"): "jieba cut",
        ("~", "<method 'cut' of 'builtins.Jieba' objects>"): "rjieba cut",
        ("gongkai/search/backends/common.py", "upsert_entries"): "database write (upsert_entries)",
        ("gongkai/search/backends/postgres.py", "upsert_entries"): "database write (upsert_entries)",
        ("django/db/models/query.py", "_fetch_all"): "loading documents",
    }
    total = 0.0
    for (filename, _line, name), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        for (suffix, function), label in wanted.items():
            if name == function and filename.endswith(suffix):
                cumulative[label] += cumtime
    print(f"\nprofile of {len(ids):,} documents reindexed (cProfile, {total:.1f} s in all):")
    for label in dict.fromkeys(wanted.values()):
        share = cumulative[label] / total * 100 if total else 0.0
        print(f"  {label}: {cumulative[label]:.2f} s ({share:.0f} %)")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats("tottime").print_stats(12)
    print("  own time, top 12:")
    print("\n".join("  " + line for line in out.getvalue().splitlines()[6:] if line.strip()))
    return {"total": total, **cumulative}


# --- Queries -----------------------------------------------------------------------------------------------


@dataclass
class QuerySpec:
    """One query of the mix: what is typed and the filters and facets asked for."""

    kind: str
    text: str
    org_id: int | None = None
    year: int | None = None
    genre: str | None = None
    facets: bool = False
    # A 文号 lookup: the documents that own the number (two organizations of the synthetic region can
    # share an abbreviation, so a number can have two owners; either should come first).
    owners: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    count: int
    first_ids: list[int]
    facets: dict[str, int] = field(default_factory=dict)  # facet name → number of distinct values


def search(spec: QuerySpec, entry: str = "search_public") -> Outcome:
    """The one search entry the benchmark measures: one page of results ordered by relevance, the total,
    and the facet counts when asked for — what /search/ and /api/v1/search show.

    By default gongkai.search.selectors.search_public, the entry of the page and the API; ``--entry
    queryset`` measures Wagtail's search on the Document queryset alone (the smoke figures in
    docs/performance.md were taken that way, before search_public was merged).
    """
    if entry == "search_public":
        return _via_search_public(spec)
    return _via_queryset(spec)


def _via_queryset(spec: QuerySpec) -> Outcome:
    from modelsearch.backends import get_search_backend

    from gongkai.publications.models import Document
    from gongkai.search.query import parse_query

    parsed = parse_query(spec.text)
    queryset = Document.get_indexed_objects()
    if spec.org_id is not None:
        queryset = queryset.filter(org=spec.org_id)
    if spec.genre is not None:
        queryset = queryset.filter(genre=spec.genre)
    if spec.year is not None:
        queryset = queryset.filter(
            published_on__gte=datetime.date(spec.year, 1, 1),
            published_on__lte=datetime.date(spec.year, 12, 31),
        )
    results = get_search_backend().search(parsed.to_search_query(), queryset)
    first = [obj.pk for obj in results[:PAGE_SIZE]]
    count = results.count()
    facets = {name: len(results.facet(name)) for name in FACETS} if spec.facets else {}
    return Outcome(count=count, first_ids=first, facets=facets)


def _via_search_public(spec: QuerySpec) -> Outcome:
    """Through the public search page's selector (every public type, facets always counted)."""
    from gongkai.orgs.models import Organization
    from gongkai.search.selectors import SearchFilters, search_public  # type: ignore[attr-defined]

    filters = SearchFilters(
        org=Organization.objects.get(pk=spec.org_id) if spec.org_id is not None else None,
        genre=spec.genre,
        year=spec.year,
    )
    page = search_public(query=spec.text, filters=filters)
    facets = {name: len(page.facets.get(name, [])) for name in FACETS}
    return Outcome(count=page.count, first_ids=[result.id for result in page.results], facets=facets)


def _vocabulary() -> tuple[list[str], list[str], list[list[str]]]:
    """Query words from the corpus: the government dictionary's terms that occur in it, its frequent words,
    and the content words of each sentence (for queries of several related words)."""
    from bench.catalogue_fixture import Vocabulary
    from gongkai.search.segmentation import gov_dictionary_terms, query_words

    vocabulary = Vocabulary.load()
    text = "".join(vocabulary.sentences)
    words_per_sentence = []
    frequency: collections.Counter[str] = collections.Counter()
    for sentence in vocabulary.sentences:
        words = [w for w in query_words(sentence) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        words = list(dict.fromkeys(words))
        words_per_sentence.append(words)
        frequency.update(words)
    gov_terms = sorted(term for term in gov_dictionary_terms() if term in text)
    common = [word for word, _n in frequency.most_common(800)]
    return gov_terms, common, [words for words in words_per_sentence if len(words) >= 3]


def _query_mix(count: int, seed: int) -> list[QuerySpec]:
    from gongkai.publications.choices import Genre
    from gongkai.publications.models import Document

    rng = random.Random(seed)
    gov_terms, common, sentences = _vocabulary()
    published = Document.get_indexed_objects()
    org_ids = sorted(set(published.values_list("org_id", flat=True).distinct()))
    years = sorted({day.year for day in published.dates("published_on", "year")})
    genres = [Genre.NOTICE] * 6 + [Genre.OPINION, Genre.ANNOUNCEMENT, Genre.REPORT, Genre.REPLY]
    numbered = published.exclude(doc_number="").order_by("pk")
    numbered_count = numbered.count()

    def terms(k: int) -> str:
        if k == 1:
            return rng.choice(gov_terms if rng.random() < 0.5 and gov_terms else common)
        return " ".join(rng.sample(rng.choice(sentences), k))

    def filtered(spec: QuerySpec) -> QuerySpec:
        which = rng.choice(("org", "year", "genre", "all"))
        if which in ("org", "all"):
            spec.org_id = rng.choice(org_ids)
        if which in ("year", "all"):
            spec.year = rng.choice(years[-8:])  # recent years: where the documents are
        if which in ("genre", "all"):
            spec.genre = str(rng.choice(genres))
        return spec

    mix = []
    per_class = max(1, count // len(CLASSES))
    for kind in CLASSES:
        for _ in range(per_class):
            k = rng.randint(1, 3)
            if kind == "1 term":
                spec = QuerySpec(kind, terms(1))
            elif kind == "2 terms":
                spec = QuerySpec(kind, terms(2))
            elif kind == "3 terms":
                spec = QuerySpec(kind, terms(3))
            elif kind == "1–3 terms + filter":
                spec = filtered(QuerySpec(kind, terms(k)))
            elif kind == "1–3 terms + facets":
                spec = QuerySpec(kind, terms(k), facets=True)
            elif kind == "1–3 terms + filter + facets":
                spec = filtered(QuerySpec(kind, terms(k), facets=True))
            else:
                number = numbered.values_list("doc_number", flat=True)[rng.randrange(numbered_count)]
                owners = list(numbered.filter(doc_number=number).values_list("pk", flat=True))
                spec = QuerySpec(kind, _typed_number(number, rng), owners=owners)
            mix.append(spec)
    return mix


def _typed_number(number: str, rng: random.Random) -> str:
    """A 发文字号 as people type it: its own brackets, square or round ones, none, or full-width digits."""
    variants = (
        number,
        number.replace("〔", "[").replace("〕", "]"),
        number.replace("〔", "（").replace("〕", "）"),
        number.replace("〔", "").replace("〕", ""),
        number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    )
    return rng.choice(variants)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": _percentile(values, 0.5),
        "p95": _percentile(values, 0.95),
        "max": max(values),
    }


class TimedOut(Exception):
    """A search cancelled after --timeout seconds."""


class Deadline:
    """Cancels a search that runs longer than ``seconds``: PostgreSQL's statement_timeout for each
    statement, and on SQLite a progress handler that interrupts the statement once the search's time is up.
    """

    def __init__(self, seconds: float) -> None:
        from django.db import connection

        self.seconds = seconds
        self.ends = math.inf
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        else:
            connection.connection.set_progress_handler(self._over, 20_000)

    def _over(self) -> int:
        return 1 if time.perf_counter() > self.ends else 0

    def run(self, spec: QuerySpec, entry: str) -> tuple[Outcome | None, float]:
        """The outcome (None if cancelled) and the milliseconds taken."""
        from django.db import OperationalError

        started = time.perf_counter()
        self.ends = started + self.seconds
        try:
            outcome: Outcome | None = search(spec, entry)
        except OperationalError as exc:  # canceling statement due to statement timeout / interrupted
            if "timeout" not in str(exc) and "interrupt" not in str(exc):
                raise
            outcome = None
        finally:
            self.ends = math.inf
        milliseconds = (time.perf_counter() - started) * 1000
        if outcome is None or milliseconds > self.seconds * 1000:
            return None, max(milliseconds, self.seconds * 1000)
        return outcome, milliseconds


def _measure_queries(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    mix = _query_mix(args.queries, args.seed)
    print(
        f"\nqueries: {len(mix)} in {len(CLASSES)} classes, {args.rounds} rounds after a warm-up, "
        f"{args.timeout:g} s at most each",
        flush=True,
    )
    deadline = Deadline(args.timeout)
    warm = [deadline.run(spec, args.entry) for spec in mix]  # warm-up, and the counts
    outcomes = [outcome for outcome, _ms in warm]
    # A search that timed out in the warm-up keeps the time limit as its latency: it is not run again.
    timings: list[list[float]] = [[] if outcome else [ms] for outcome, ms in warm]
    for _round in range(args.rounds):
        order = [i for i in range(len(mix)) if outcomes[i] is not None]
        random.Random(_round).shuffle(order)  # no query always runs right after the same one
        for position in order:
            timings[position].append(deadline.run(mix[position], args.entry)[1])
    latency_per_query = [statistics.median(times) for times in timings]
    latency: dict[str, Any] = {}
    counts: dict[str, Any] = {}
    print("| class | queries | p50 ms | p95 ms | max ms | timed out | results (median, min–max) | empty |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in [*CLASSES, "overall"]:
        members = [i for i, spec in enumerate(mix) if spec.kind == kind or kind == "overall"]
        if not members:
            continue
        latency[kind] = _stats([latency_per_query[i] for i in members])
        latency[kind]["timed out"] = sum(1 for i in members if outcomes[i] is None)
        found = [n.count for i in members if (n := outcomes[i]) is not None] or [0]
        counts[kind] = {
            "median": statistics.median(found),
            "min": min(found),
            "max": max(found),
            "empty": sum(1 for n in found if n == 0),
        }
        if kind == "文号 lookup":
            counts[kind]["owner first"] = sum(
                1 for i in members if (n := outcomes[i]) is not None and n.first_ids[:1] in _firsts(mix[i])
            )
        _print_row(kind, latency[kind], counts[kind])
    if "文号 lookup" in counts:
        first, asked = counts["文号 lookup"]["owner first"], latency["文号 lookup"]["n"]
        print(f"文号 lookups: an owner of the number ranked first in {first} of {asked}")
    slowest = sorted(range(len(mix)), key=lambda i: latency_per_query[i], reverse=True)[:5]
    print("slowest: " + "; ".join(f"{_describe(mix[i])} {latency_per_query[i]:.0f} ms" for i in slowest))
    counts["slowest"] = [{"query": asdict(mix[i]), "ms": latency_per_query[i]} for i in slowest]
    return latency, counts


def _firsts(spec: QuerySpec) -> list[list[int]]:
    return [[owner] for owner in spec.owners]


def _print_row(kind: str, latency: dict[str, Any], found: dict[str, Any]) -> None:
    print(
        f"| {kind} | {latency['n']} | {latency['p50']:.1f} | {latency['p95']:.1f} | {latency['max']:.1f} "
        f"| {latency['timed out']} | {found['median']:,.0f} ({found['min']:,}–{found['max']:,}) "
        f"| {found['empty']} |",
        flush=True,
    )


def _describe(spec: QuerySpec) -> str:
    extras = [f"{name}={value}" for name in ("org_id", "year", "genre") if (value := getattr(spec, name))]
    extras += ["facets"] if spec.facets else []
    return f"“{spec.text}”" + (f" ({', '.join(extras)})" if extras else "")


if __name__ == "__main__":
    sys.exit(main())
