"""Browser fixtures: the real rows of data/ a walk needs, and Chromium pages (see test_browse.py)."""

import csv
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from zones.importing.engine import run_import

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# Which rows of each bundled file to load: (kind, column, values).
ROWS = [
    ("sources", None, None),
    ("provinces", "code", {"32", "33"}),
    ("prefectures", "code", {"3201", "3205", "3302"}),
    ("industries", "code", {"1", "1.2", "2", "2.1"}),
    ("zones", "code", {"32101004", "32101009", "33101001", "32103001"}),
    ("enterprises", "stock_code", {"688001", "002380"}),
]


def _browser_available() -> bool:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return True
    if os.environ.get("ZA_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is missing but ZA_REQUIRE_BROWSER is set (CI installs Chromium)")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    return False


def _wanted(kind, column, values, row) -> bool:
    if column is None:
        return True
    return row[column] in values and (kind != "industries" or row["scheme"] == "sei2018")


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
    _browser_available()
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
    _browser_available()
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
