"""A visitor's path through the portal in a real Chromium: filter zones, open a zone, a company, and back.

The data are a few real rows of the bundled files in data/ (Jiangsu and Zhejiang, Suzhou Industrial Park,
Jiangning ETDZ, Ningbo ETDZ, Nanjing High-tech Zone, Suzhou HYC and Nanjing Sciyon), loaded through the
same import pipeline as `load_atlas`. Screenshots of each step go to a temporary folder (printed with -s;
set ZA_SCREENSHOTS=<dir> to keep them somewhere).
"""

import csv
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from zones.importing.engine import run_import

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser]

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


def test_filter_zones_open_park_follow_company_and_back(page, live_server, shots):
    from playwright.sync_api import expect

    # 1. The zone list, unfiltered: all four zones.
    page.goto(f"{live_server.url}/zones/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Development zones")
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(4)
    shots(page, "1-zones")

    # 2. Filter like a visitor: tick Jiangsu and ETDZ in the facets, press the button.
    filters = page.locator("form.filters")
    filters.get_by_role("group", name="Province").get_by_role(
        "checkbox", name=re.compile(r"^Jiangsu")
    ).check()
    filters.get_by_role("group", name="Kind").get_by_role(
        "checkbox", name=re.compile(r"^Economic and technological development zone")
    ).check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/zones/\?.*province=jiangsu"))
    assert "kind=etdz" in page.url
    expect(rows).to_have_count(2)
    expect(page.locator("#results-heading")).to_contain_text("2 zones")
    expect(rows.nth(0)).to_contain_text("Suzhou Industrial Park")  # 32101004 sorts before 32101009
    expect(rows.nth(1)).to_contain_text("Jiangning Economic and Technological Development Zone")
    table = page.locator("table.data")
    expect(table).not_to_contain_text("宁波经济技术开发区")  # Zhejiang
    expect(table).not_to_contain_text("南京高新技术产业开发区")  # Jiangsu, but a high-tech zone
    # The ticked boxes stay ticked: the filters live in the URL.
    province = filters.get_by_role("group", name="Province")
    expect(province.get_by_role("checkbox", name=re.compile(r"^Jiangsu"))).to_be_checked()
    expect(province.get_by_role("checkbox", name=re.compile(r"^Zhejiang"))).not_to_be_checked()
    shots(page, "2-zones-jiangsu-etdz")

    # 3. Open Suzhou Industrial Park.
    page.get_by_role("link", name="Suzhou Industrial Park").click()
    page.wait_for_url(re.compile(r"/zones/suzhou-industrial-park/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suzhou Industrial Park")
    expect(page.locator("body")).to_contain_text("Suzhou Industrial Park")
    park_url = page.url
    shots(page, "3-suzhou-industrial-park")

    # 4. Its enterprise panel links Suzhou HYC; follow it.
    panel = page.locator("#enterprises")
    expect(panel).to_contain_text("Suzhou HYC Technology Co.,Ltd")
    expect(panel).not_to_contain_text("南京科远智慧科技集团股份有限公司")  # that one is in Jiangning
    panel.get_by_role("link", name="Suzhou HYC Technology Co.,Ltd").click()
    page.wait_for_url(re.compile(r"/enterprises/688001-[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suzhou HYC Technology Co.,Ltd")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("688001")
    expect(facts).to_contain_text("STAR Market")
    expect(facts.get_by_role("link", name="Jiangsu", exact=True)).to_be_visible()
    shots(page, "4-suzhou-hyc")

    # 5. And back to the park through the enterprise's zone link.
    facts.get_by_role("link", name="Suzhou Industrial Park").click()
    page.wait_for_url(park_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suzhou Industrial Park")
    shots(page, "5-back-to-the-park")
