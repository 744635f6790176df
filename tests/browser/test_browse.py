"""A visitor's path through the portal in a real Chromium: filter zones, open a zone, a company, and back.

The data are a few real rows of the bundled files in data/ (Jiangsu and Zhejiang, Suzhou Industrial Park,
Jiangning ETDZ, Ningbo ETDZ, Nanjing High-tech Zone, Suzhou HYC and Nanjing Sciyon), loaded through the
same import pipeline as `load_atlas`. Screenshots of each step go to a temporary folder (printed with -s;
set ZA_SCREENSHOTS=<dir> to keep them somewhere).
"""

import re

import pytest

pytestmark = [pytest.mark.browser]


def test_filter_zones_open_park_follow_company_and_back(page, live_server, shots):
    from playwright.sync_api import expect

    # 1. The zone list, unfiltered: all four zones.
    page.goto(f"{live_server.url}/en/zones/")
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
