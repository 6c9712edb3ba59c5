"""Benchmark: the public catalogue at 100,000 documents on PostgreSQL, and publishing through the services.

Issue 3: with 100,000 documents the catalogue and document pages must serve at least half the requests per
second of a bare Django view that renders a template of the same byte size (no queries), measured side by
side in one run; and publishing 10,000 documents through the service layer is timed.

What it does, in its own database ``gk_bench`` on postgres@127.0.0.1:5432 (BENCH_DATABASE_URL to change):
migrates it, loads the demo region and a synthetic catalogue (bench.catalogue_fixture; kept for the next run),
serves the product with gunicorn (2 sync workers, DEBUG off, bench.settings whose URLconf adds only the bare
view), loads it from separate client processes in rounds — every round measures every page in turn, so a
noisy neighbour hurts all of them alike — and reports the median requests/s per page and the ratios.
Then it publishes documents through document_create → submit → approve (another user) → publish, timed and
profiled, and removes them again (revisions and log entries included) so the next run starts equal.

Skips with a message when no PostgreSQL answers. Options: --help.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gk_bench"
TARGET_RATIO = 0.5


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000, help="catalogue size (default 100,000)")
    parser.add_argument("--publish", type=int, default=10_000, help="documents to publish")
    parser.add_argument("--profile", type=int, default=300, help="documents published under cProfile")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages (median is reported)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8201")))
    parser.add_argument("--skip-pages", action="store_true")
    return parser.parse_args()


# --- Database --------------------------------------------------------------------------------------------


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
        print(f"bench_catalogue: skipped — no PostgreSQL answers at {server} ({str(exc).strip()[:120]}).")
        print("Start PostgreSQL (or set BENCH_DATABASE_URL) and run `make bench` again.")
        return False
    print(f"PostgreSQL {version[0] if version else '?'}, database {name}")
    return True


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    os.environ["HTTPS"] = "0"  # plain HTTP on the loopback: no redirect to https
    import django

    django.setup()


def _prepare(documents: int) -> None:
    from django.core.management import call_command

    from bench.catalogue_fixture import catalogue_ensure
    from gongkai.orgs.models import Organization

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        from gongkai.portal.demo.loader import load_demo_region

        load_demo_region()
    catalogue_ensure(documents=documents)
    print(f"database ready in {time.perf_counter() - started:.0f} s")


# --- Pages -------------------------------------------------------------------------------------------------


def _page_paths() -> dict[str, list[str]]:
    from gongkai.publications.choices import DocumentStatus
    from gongkai.publications.models import Document
    from gongkai.publications.views import CATALOGUE_PAGE_SIZE

    published = Document.objects.filter(status=DocumentStatus.PUBLISHED)
    pages = published.count() // CATALOGUE_PAGE_SIZE
    # Document pages: a spread of ids, among them policies with interpretations and documents with files.
    rng = random.Random(7)
    ids = list(published.values_list("pk", flat=True).order_by("?")[:100])
    ids += list(published.filter(interpretations__isnull=False).values_list("pk", flat=True)[:25])
    ids += list(published.filter(attachments__isnull=False).values_list("pk", flat=True)[:25])
    rng.shuffle(ids)
    return {
        "catalogue, first page": ["/documents/"],
        "catalogue, filtered": ["/documents/?org=fgw&genre=%E9%80%9A%E7%9F%A5&year=2024"],
        "catalogue, deep page": [f"/documents/?page={pages // 2}"],
        "document page": [f"/documents/{pk}/" for pk in ids],
    }


def _query_counts(paths: dict[str, list[str]]) -> dict[str, tuple[int, float]]:
    """Queries and their database time per page rendered (page cache off) in this process, the second
    time (the catalogue's cached figures in place)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts: dict[str, tuple[int, float]] = {}
    with override_settings(GONGKAI_PUBLIC_PAGE_CACHE=False):
        for name, urls in paths.items():
            client.get(urls[0])
            with CaptureQueriesContext(connection) as context:
                response = client.get(urls[0])
            assert response.status_code == 200, (urls[0], response.status_code)
            seconds = sum(float(q["time"]) for q in context.captured_queries)
            counts[name] = (len(context.captured_queries), seconds * 1000)
    return counts


def _start_server(port: int, workers: int, url: str, *, page_cache: bool) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "BENCH_PAGE_CACHE": "1" if page_cache else "0",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={ROOT}",
        "--log-level=warning",
        "--backlog=256",
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603 - our own command
    from bench.loadgen import fetch

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if fetch("127.0.0.1", port, "/documents/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    _stop_server(server)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _write_bare_templates(port: int, paths: dict[str, list[str]]) -> dict[str, int]:
    """Copies of a rendered catalogue page and of a document page of typical size, as the bare view's
    templates: same bytes, no template logic, no queries."""
    from django.conf import settings

    from bench.loadgen import fetch

    catalogue = fetch("127.0.0.1", port, paths["catalogue, first page"][0])[1]
    documents = [fetch("127.0.0.1", port, p)[1] for p in paths["document page"]]
    mean = sum(len(d) for d in documents) / len(documents)
    typical = min(documents, key=lambda d: abs(len(d) - mean))
    sizes = {}
    for name, body in (("catalogue", catalogue), ("document", typical)):
        text = body.decode()
        (settings.BENCH_TEMPLATE_DIR / f"bench_bare_{name}.html").write_text(
            "{% verbatim %}" + text + "{% endverbatim %}", encoding="utf-8"
        )
        sizes[name] = len(body)
    return sizes


def _measure_pages(args: argparse.Namespace, url: str) -> None:
    """Every page from the server with the page cache (the product as configured) and from a second one
    that renders every request, and the bare view, in turn in every round."""
    from bench import loadgen

    paths = _page_paths()
    counts = _query_counts(paths)
    cached_port, rendered_port = args.port, args.port + 1
    servers = [
        _start_server(cached_port, args.workers, url, page_cache=True),
        _start_server(rendered_port, args.workers, url, page_cache=False),
    ]
    try:
        sizes = _write_bare_templates(cached_port, paths)
        targets: dict[str, tuple[int, list[str]]] = {}
        for name, urls in paths.items():
            targets[f"{name} (page cache)"] = (cached_port, urls)
            targets[f"{name} (rendered)"] = (rendered_port, urls)
        targets["bare view, catalogue-size template"] = (cached_port, ["/bench/bare/catalogue/"])
        targets["bare view, document-size template"] = (cached_port, ["/bench/bare/document/"])
        for port, target in targets.values():  # warm every worker's caches and connections
            loadgen.run(host="127.0.0.1", port=port, paths=target, seconds=1.5, clients=args.clients)
        # Each worker keeps its own page cache (Django's default local-memory cache): ask for every
        # document page often enough that both workers hold it, as they would after a while in service.
        for _ in range(6):
            for path in paths["document page"]:
                loadgen.fetch("127.0.0.1", cached_port, path)
        rps: dict[str, list[float]] = {name: [] for name in targets}
        p95: dict[str, list[float]] = {name: [] for name in targets}
        sent: dict[str, int] = {}
        for round_number in range(args.rounds):
            names = list(targets)
            names = names[round_number % len(names) :] + names[: round_number % len(names)]
            for name in names:
                port, target = targets[name]
                result = loadgen.run(
                    host="127.0.0.1", port=port, paths=target, seconds=args.seconds, clients=args.clients
                )
                if result.errors:
                    print(f"  {name}: {result.errors} failed requests")
                rps[name].append(result.rps)
                p95[name].append(result.percentile(0.95))
                sent[name] = result.bytes_per_response
            print(f"round {round_number + 1} done")
    finally:
        for server in servers:
            _stop_server(server)
    _report_pages(targets, rps, p95, sent, counts, sizes)


def _report_pages(
    targets: dict[str, tuple[int, list[str]]],
    rps: dict[str, list[float]],
    p95: dict[str, list[float]],
    sent: dict[str, int],
    counts: dict[str, tuple[int, float]],
    sizes: dict[str, int],
) -> None:
    from bench import loadgen

    print()
    print(f"bare templates: catalogue {sizes['catalogue']:,} bytes, document {sizes['document']:,} bytes")
    print("| page | queries (rendered) | SQL ms | bytes | requests/s | p95 ms | ratio to bare |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in targets:
        page = name.rsplit(" (", 1)[0]
        median_rps = loadgen.median(rps[name])
        queries, sql_ms = counts.get(page, (0, 0.0))
        bare = (
            "bare view, document-size template"
            if page == "document page"
            else ("bare view, catalogue-size template")
        )
        ratio = ""
        if not name.startswith("bare"):
            bare_rps = loadgen.median(rps[bare])
            value = median_rps / bare_rps if bare_rps else 0.0
            ratio = f"{value:.2f} {'✓' if value >= TARGET_RATIO else '✗'}"
        shown = f"{queries}" if name.endswith("(rendered)") else ""
        sql = f"{sql_ms:.1f}" if name.endswith("(rendered)") else ""
        print(
            f"| {name} | {shown} | {sql} | {sent.get(name, 0):,} | {median_rps:.0f} "
            f"| {loadgen.median(p95[name]):.0f} | {ratio} |"
        )


# --- Publishing through the services -------------------------------------------------------------------


def _publish(count: int, rng: random.Random) -> tuple[list[int], dict[str, float]]:
    from django.utils import timezone

    from bench.catalogue_fixture import TITLE_PATTERNS, Vocabulary, _body
    from gongkai.accounts.models import User
    from gongkai.orgs.models import Organization
    from gongkai.publications.services import (
        document_approve,
        document_create,
        document_publish,
        document_submit,
    )

    vocabulary = Vocabulary.load()
    org = Organization.objects.get(code="fgw")
    editor, reviewer = User.objects.get(username="lisi"), User.objects.get(username="wangwu")
    steps = {"create": 0.0, "submit": 0.0, "approve": 0.0, "publish": 0.0}
    ids = []
    year = timezone.localdate().year
    for number in range(count):
        pattern = rng.choice(TITLE_PATTERNS)
        topic = pattern.format(year=year, region="示例市", topic=rng.choice(vocabulary.topics))
        t0 = time.perf_counter()
        document = document_create(
            actor=editor,
            org=org,
            title=f"{org.name}关于{topic}的通知",
            genre="通知",
            subject="综合政务/政务公开",
            summary=rng.choice(vocabulary.sentences),
            body=_body(rng, vocabulary),
            doc_number=f"{BENCH_DOC_NUMBER}〔{year}〕{number + 1}号",
            keywords=["政务公开"],
        )
        t1 = time.perf_counter()
        document = document_submit(actor=editor, document=document)
        t2 = time.perf_counter()
        document = document_approve(actor=reviewer, document=document)
        t3 = time.perf_counter()
        document_publish(actor=reviewer, document=document)
        t4 = time.perf_counter()
        for step, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            steps[step] += seconds
        ids.append(document.pk)
    return ids, steps


def _remove(ids: list[int]) -> None:
    """Take the benchmark's publications out again, with their revisions, workflow states and log entries,
    so that the catalogue keeps its size from run to run (this is the benchmark's own database)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import ModelLogEntry, Revision

    from gongkai.publications.models import Document

    content_type = ContentType.objects.get_for_model(Document)
    keys = [str(pk) for pk in ids]
    with transaction.atomic():
        for start in range(0, len(keys), 2000):
            chunk = keys[start : start + 2000]
            ModelLogEntry.objects.filter(content_type=content_type, object_id__in=chunk).delete()
            Document.objects.filter(pk__in=ids[start : start + 2000]).update(
                latest_revision=None, live_revision=None
            )
            Revision.objects.filter(base_content_type=content_type, object_id__in=chunk).delete()
            Document.objects.filter(pk__in=ids[start : start + 2000]).delete()


BENCH_DOC_NUMBER = "示发改基准"


def _measure_publishing(count: int, profile: int) -> None:
    from gongkai.publications.models import Document

    # Leftovers of an interrupted run.
    leftovers = Document.objects.filter(doc_number__startswith=BENCH_DOC_NUMBER)
    _remove(list(leftovers.values_list("pk", flat=True)))
    rng = random.Random(11)
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        ids, _steps = _publish(profile, rng)
        profiler.disable()
        _remove(ids)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(45)
        print(f"\nprofile of {profile} publications (cumulative):")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(20)
        print(f"\nprofile of {profile} publications (own time):")
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
    _queries_per_step(rng)
    if not count:
        return
    started = time.perf_counter()
    ids, steps = _publish(count, rng)
    seconds = time.perf_counter() - started
    _remove(ids)
    print(
        f"\npublished {count:,} documents through the services in {seconds:.1f} s: "
        f"{count / seconds:.1f} documents/s"
    )
    per_step = ", ".join(f"{step} {total / count * 1000:.1f} ms" for step, total in steps.items())
    print(f"per document: {per_step}")


def _queries_per_step(rng: random.Random) -> None:
    """How many queries each step of one publication sends, and to which tables."""
    import collections
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        ids, _steps = _publish(1, rng)
    _remove(ids)
    tables = collections.Counter(
        match.group(1)
        for query in context.captured_queries
        if (match := re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"]))
    )
    print(f"\nqueries for one publication (create → submit → approve → publish): {len(context)}")
    print("by table: " + ", ".join(f"{table} {n}" for table, n in tables.most_common()))


def _machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start"
    )


def main() -> int:
    args = _arguments()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not _database_ready(url):
        return 0
    _setup_django(url)
    from django.utils import timezone

    print(f"machine: {_machine()}, {timezone.localdate().isoformat()}")
    _prepare(args.documents)
    if not args.skip_pages:
        _measure_pages(args, url)
    _measure_publishing(args.publish, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
