"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

One chromium per session, a fresh browser context per test, the demo region 示例市 loaded into the
test database for every test. `make test` installs chromium (scripts/ensure-chromium.sh); Playwright's
own browser download is never used.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, sync_playwright

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = E2E_DIR.parent.parent / "test-artifacts"
AXE_SOURCE_PATH = Path(axe_playwright_python.__file__).parent / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in containers, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
# WCAG 2.1 level A and AA: what GB/T 37668-2019 and the 适老化 guidance ask of government websites.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Generous enough for a loaded CI machine, short enough that a hung page fails the test quickly.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is a browser test (`-m "not e2e"` leaves them out)."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    # Remember each phase's report on the item so the `page` fixture knows whether the test failed.
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        # Fail, never skip: a skipped browser suite looks green while testing nothing.
        pytest.fail(
            "Debian's chromium is not installed, so the browser tests cannot run. Run `make browser` "
            "(or `make test`) as root, or `apt-get install chromium fonts-noto-cjk`.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One chromium for all the browser tests (they run together: pytest-django orders them after the
    database tests), closed as soon as the last one is done so no later test runs beside its loop."""
    executable = chromium_path()
    with _django_beside_playwright(), _playwright_on_the_same_connections() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _django_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an asyncio loop marked as running on this thread, and Django refuses
    # database access from a thread with a running loop. The test code here is plain synchronous code
    # (loading the demo region, reading rows), so the check is a false alarm while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _playwright_on_the_same_connections() -> Iterator[Playwright]:
    """Start Playwright, and keep using this thread's database connections while its loop runs.

    Django keeps connections in an asgiref Local, which switches to separate, empty storage when it sees
    a running event loop. Without this the browser tests would get fresh connections lacking what
    pytest-django put on the thread's own (the serialized database that restores Wagtail's root page
    after each flush), and on PostgreSQL a second session would stay open on the test database.
    """
    from django.db import connections

    own = {alias: connections[alias] for alias in connections}  # taken before the loop runs
    playwright = sync_playwright().start()
    try:
        for alias, connection in own.items():
            connections[alias] = connection
        yield playwright
    finally:
        for alias in own:
            del connections[alias]
        playwright.stop()


@pytest.fixture
def site_url(
    browser: Browser,
    transactional_db: None,
    django_db_serialized_rollback: None,
    live_server: Any,
) -> str:
    """The live server's address, serving the demo region 示例市.

    The live server answers from another thread, so the data must be committed (transactional_db).
    Flushing after each test would also drop the rows migrations create (Wagtail's root page, locale
    and root collection); serialized rollback puts them back before the next test.
    """
    from gongkai.portal.demo.loader import load_demo_region

    load_demo_region()
    return str(live_server.url)


@dataclass
class PageProblems:
    """What the browser complained about while a test ran: console errors (CSP refusals land here too)
    and uncaught script errors."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.console_errors, *self.page_errors]


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, site_url: str, page_problems: PageProblems
) -> Iterator[Page]:
    """A fresh browser context (no cookies, no storage) per test, in Chinese, at a desktop size.

    On failure a full-page screenshot goes to test-artifacts/ (gitignored) for the person reading CI logs.
    """
    context = browser.new_context(
        base_url=site_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda message: _record_console(message, page_problems))
    page.on("pageerror", lambda error: page_problems.page_errors.append(f"uncaught: {error}"))
    try:
        yield page
    finally:
        if _failed(request.node):
            _save_screenshot(page, request.node)
        context.close()


def _record_console(message: ConsoleMessage, problems: PageProblems) -> None:
    if message.type == "error":
        problems.console_errors.append(f"console error at {message.location.get('url', '?')}: {message.text}")


def _failed(item: pytest.Item) -> bool:
    return any(
        getattr(getattr(item, f"e2e_report_{when}", None), "failed", False) for when in ("setup", "call")
    )


def _save_screenshot(page: Page, item: pytest.Item) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.nodeid).strip("_")
    try:
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
        (ARTIFACTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
    except Error as exc:  # a crashed page cannot be photographed; the test already failed
        print(f"no screenshot for {item.nodeid}: {exc}")  # noqa: T201


# --- accessibility (axe-core) ----------------------------------------------------------------------


class AxeFinding(UserWarning):
    """A minor or moderate accessibility finding: reported, not failing."""


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[str]

    def describe(self) -> str:
        nodes = "\n".join(f"      {target}" for target in self.targets)
        return f"  [{self.impact}] {self.rule}: {self.help}\n    {self.help_url}\n{nodes}"


def axe_scan(page: Page) -> list[AxeViolation]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page as it is now; every violation found.

    The portal's CSP (script-src 'self') would refuse an injected <script> tag; page.evaluate goes
    through the DevTools protocol, which the page's CSP does not govern. Our copy is injected even where
    the page has an axe already: Wagtail's admin bundles its own, configured for its editor checks.
    """
    page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
    results = page.evaluate(
        "options => window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        AxeViolation(
            rule=violation["id"],
            impact=violation.get("impact") or "unknown",
            help=violation["help"],
            help_url=violation["helpUrl"],
            targets=[" ".join(map(str, node["target"])) for node in violation["nodes"]],
        )
        for violation in results["violations"]
    ]


def check_accessible(page: Page) -> None:
    """No serious or critical WCAG 2.1 AA violation on the page (minor and moderate are reported only)."""
    violations = axe_scan(page)
    blocking = [violation for violation in violations if violation.impact in BLOCKING_IMPACTS]
    others = [violation for violation in violations if violation.impact not in BLOCKING_IMPACTS]
    if others:
        # Not blocking, but visible in every run's warnings summary so they get fixed too.
        warnings.warn(
            AxeFinding(
                f"axe on {page.url}: minor/moderate findings\n" + "\n".join(v.describe() for v in others)
            ),
            stacklevel=2,
        )
    assert not blocking, f"axe found serious/critical violations on {page.url}:\n" + "\n".join(
        violation.describe() for violation in blocking
    )


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """check_accessible, handed to tests as a fixture."""
    return check_accessible
