"""Browser fixtures. The walks (test_browse.py, test_i18n_browser.py …) load the few real rows of data/ they
need and get plain Chromium pages; the open-data tests (test_open_data.py) load whole provinces and get a
page that records console errors under a strict Content-Security-Policy, proving the pages need no inline
script, no eval and nothing from elsewhere."""

import csv
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from imports.engine import run_import

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
# Which rows of each bundled file the open-data tests load: every province (the whole map is drawn),
# the zones and prefectures of Jiangsu, Zhejiang and Beijing, two listed companies.
OPEN_DATA_ROWS = [
    ("sources", None, None),
    ("provinces", None, None),
    ("prefectures", "code", lambda code: code[:2] in {"11", "32", "33"}),
    # All industries: zones and enterprises name GB/T 4754 nodes too (crosswalks, CSRC sections).
    ("industries", None, None),
    ("zones", "code", lambda code: code[:2] in {"11", "32", "33"}),
    ("enterprises", "stock_code", lambda code: code in {"688001", "002380"}),
    # The figures of those zones (their MOFCOM ranks among them).
    ("statistics", "zone_code", lambda code: code[:2] in {"11", "32", "33"}),
]


class StrictCspMiddleware:
    """Test-only: the policy the production issue asks for, on every answer of the live server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Content-Security-Policy"] = STRICT_CSP
        return response


def _require_browser():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("ZA_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing but ZA_REQUIRE_BROWSER is set (CI installs Chromium)")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")


@pytest.fixture
def open_data_rows(transactional_db, tmp_path):
    """Real rows of data/, imported through the pipeline as load_atlas does."""
    for kind, column, wanted in OPEN_DATA_ROWS:
        source = Path(settings.BASE_DIR) / "data" / f"{kind}.csv"
        target = tmp_path / f"{kind}.csv"
        with (
            source.open(encoding="utf-8", newline="") as src,
            target.open("w", encoding="utf-8", newline="") as out,
        ):
            reader = csv.DictReader(src)
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows(row for row in reader if column is None or wanted(row[column]))
        result = run_import(kind, target)
        assert result.ok, [str(e) for e in result.errors]


@pytest.fixture
def strict_page(open_data_rows, monkeypatch, settings):
    """A Chromium page under the strict policy; ``page.problems`` collects console errors (a CSP
    violation is one) and uncaught exceptions."""
    _require_browser()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.browser.conftest.StrictCspMiddleware"]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # see test_browse.py
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="en-GB", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        problems = []

        def on_console(message):
            # A failed load is reported below with its address (the browser's own favicon probe aside).
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                problems.append(message.text)

        def on_response(response):
            if response.status >= 400 and not response.url.endswith("/favicon.ico"):
                problems.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.problems = problems
        yield page
        context.close()
        browser.close()


# Which rows of each bundled file to load: (kind, column, values).
ROWS = [
    ("sources", None, None),
    ("provinces", "code", {"32", "33"}),
    ("prefectures", "code", {"3201", "3205", "3302"}),
    ("industries", None, None),  # all: zones and enterprises name GB/T 4754 nodes too
    ("zones", "code", {"32101004", "32101009", "33101001", "32103001"}),
    ("enterprises", "stock_code", {"688001", "002380"}),
]


def _wanted(kind, column, values, row) -> bool:
    if column is None:
        return True
    return row[column] in values


@pytest.fixture
def atlas_rows(transactional_db, tmp_path):
    """The real rows the walk needs, imported from data/ through the pipeline (as load_atlas does)."""
    for kind, column, values in ROWS:
        source = Path(settings.BASE_DIR) / "data" / f"{kind}.csv"
        target = tmp_path / f"{kind}.csv"
        with (
            source.open(encoding="utf-8", newline="") as src,
            target.open("w", encoding="utf-8", newline="") as out,
        ):
            reader = csv.DictReader(src)
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows(row for row in reader if _wanted(kind, column, values, row))
        result = run_import(kind, target)
        assert result.ok, [str(e) for e in result.errors]
        assert result.created == (len(values) if values else result.created), result.summary()


@pytest.fixture
def page(atlas_rows, monkeypatch):
    _require_browser()
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls next to a
    # running loop; the database work around the browser (fixtures, teardown) is plain synchronous
    # code, so the guard is lifted for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("ZA_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")

    def take(page, name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def open_page(atlas_rows, monkeypatch):
    """open_page(locale, width, height) → a new Chromium page with that browser language and viewport."""
    _require_browser()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)

        def make(locale="zh-CN", width=1366, height=768):
            context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
            page = context.new_page()
            page.set_default_timeout(15_000)
            return page

        yield make
        browser.close()
