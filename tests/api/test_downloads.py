"""Downloads of the public lists: exactly the rows the page shows for the same address, in CSV, XLSX
and JSON, streamed, capped as stated, each row citing its sources."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from api.download_views import DownloadThrottle
from tests.factories import EnterpriseFactory, PolicyDocumentFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def page_total(client, url, params) -> int:
    html = client.get(url, params).content.decode()
    return int(re.search(r'id="results-heading">\s*([\d,]+)', html).group(1).replace(",", ""))


def rows_of(response, fmt) -> list[dict]:
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    if fmt == "json":
        return json.loads(body)["results"]
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    ("name", "page", "params"),
    [
        ("zones", "zones:list", {"province": "jiangsu"}),
        ("zones", "zones:list", {"kind": ["etdz", "high-tech"], "q": "Zone", "page": "1"}),
        ("enterprises", "enterprises:list", {"zone": "sip"}),
        ("enterprises", "enterprises:list", {}),
        ("policies", "policies:list", {}),
    ],
)
def test_a_download_holds_the_pages_rows(client, atlas, name, page, params, fmt):
    response = client.get(reverse("downloads:list", args=[name, fmt]), params)
    assert response.status_code == 200
    assert response.streaming  # sent in pieces, never built whole
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response, fmt)
    assert len(rows) == page_total(client, reverse(page), params) > 0
    assert int(response["X-Total-Count"]) == len(rows)


def test_enterprise_rows_carry_their_profile(client, atlas):
    rows = rows_of(client.get("/downloads/enterprises.csv", {"zone": "sip"}), "csv")
    assert [row["slug"] for row in rows] == ["hyc"]
    assert (rows[0]["prefecture"], rows[0]["registered_address"], rows[0]["address_year"]) == (
        "3205",
        "苏州工业园区唯亭镇",
        "2024",
    )
    assert (rows[0]["zone_basis"], rows[0]["zone_method"], rows[0]["employees"]) == (
        "address",
        "zone-name",
        "1200",
    )
    assert rows[0]["office_address"] == ""  # not held: an empty cell, never a guess


def test_zone_rows_carry_their_columns_and_sources(client, atlas):
    rows = rows_of(client.get("/downloads/zones.csv", {"province": "jiangsu", "sort": "code"}), "csv")
    assert [row["slug"] for row in rows] == ["sip", "nanjing-hi-tech"]
    assert rows[0]["sources"] == "https://example.org/gbt37028"
    assert rows[0]["industries"] == "sei2018-1"
    assert rows[0]["province_name_zh"] == "江苏省"
    assert (rows[0]["catalogue_code"], rows[0]["area_ha"], rows[0]["location_basis"]) == (
        "G321090",
        "27800.00",
        "catalogue",
    )
    assert rows[0]["leading_industries"] == "电子信息; 装备制造"


def test_industries_download_as_the_tree_page_shows_them(client, atlas):
    rows = rows_of(client.get("/downloads/industries.json"), "json")
    assert [row["slug"] for row in rows] == ["sei2018-1"]


def test_json_and_xlsx_carry_the_citation_and_the_cap(client, atlas, settings):
    settings.ATLAS_DOWNLOAD_MAX_ROWS = 2
    body = json.loads(b"".join(client.get("/downloads/zones.json").streaming_content))
    assert (body["count"], body["total"], body["cap"], body["truncated"]) == (2, 3, 2, True)
    assert len(body["results"]) == 2 and "sources" in body["citation"]
    book = load_workbook(io.BytesIO(b"".join(client.get("/downloads/zones.xlsx").streaming_content)))
    assert book.worksheets[0].max_row == 3  # header + 2
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert about["Row cap"] == 2 and about["Rows matching the filters"] == 3


def test_the_cap_is_stated_on_every_list(client, atlas, settings):
    settings.ATLAS_DOWNLOAD_MAX_ROWS = 1234
    for name in ("zones:list", "enterprises:list", "policies:list", "industries:list"):
        html = client.get(reverse(name), {"q": "Zone", "page": "1"}).content.decode()
        assert "up to 1,234 rows" in html, name
        link = re.search(r'href="(/downloads/[a-z]+\.csv[^"]*)"', html).group(1)
        assert "q=Zone" in link and "page=" not in link, name


@pytest.mark.parametrize(
    "query", ["province=atlantis", "approved_from=abc", "page=-1", "sort=x", "kind=" + "x" * 3000, "q=%FF"]
)
def test_hostile_parameters_never_break_a_download(client, atlas, query):
    response = client.get(f"/downloads/zones.csv?{query}")
    assert response.status_code == 200
    # The bad parameter ignored (or, for a search, matching nothing), exactly as on the page.
    assert len(rows_of(response, "csv")) == page_total(client, f"/en/zones/?{query}", {})


def test_a_nul_byte_is_refused_as_on_every_page(client, atlas):
    assert client.get("/downloads/zones.csv?sort=%00").status_code == 400


def test_unknown_list_or_format_is_404(client, atlas):
    assert client.get("/downloads/users.csv").status_code == 404
    assert client.get("/downloads/zones.exe").status_code == 404


@pytest.mark.parametrize("name", ["zones", "enterprises", "policies"])
def test_download_queries_do_not_grow_with_rows(client, atlas, name):
    url = reverse("downloads:list", args=[name, "json"])

    def run():
        b"".join(client.get(url).streaming_content)  # settle the facet index, as count_queries does
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(url).streaming_content)
        return len(ctx.captured_queries)

    small = run()
    for _ in range(30):
        if name == "zones":
            ZoneFactory(province=atlas["zones"][0].province).sources.add(atlas["source"])
        elif name == "policies":
            PolicyDocumentFactory().sources.add(atlas["source"])
        else:
            zone = atlas["zones"][0]
            EnterpriseFactory(
                zone=zone, prefecture=zone.prefecture, address_source=atlas["source"]
            ).industries.add(atlas["industry"])
    assert run() == small


def test_downloads_are_throttled_with_retry_after(client, atlas, monkeypatch):
    monkeypatch.setattr(DownloadThrottle, "THROTTLE_RATES", {"downloads": "2/minute"})
    answers = [client.get("/downloads/policies.csv") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert "Too many downloads" in answers[-1].content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, atlas, fmt):
    zone = atlas["zones"][0]
    zone.name_en = '=HYPERLINK("http://evil.example","click")'
    zone.save()
    response = client.get(f"/downloads/zones.{fmt}", {"q": "32101004"})
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert row["name_en"] == "'" + zone.name_en
    else:
        sheet = load_workbook(io.BytesIO(body)).worksheets[0]
        cells = {cell.value: cell.data_type for cell in sheet[2]}
        assert cells["'" + zone.name_en] == "s"  # text, not a formula
        assert not any(kind == "f" for kind in cells.values())
