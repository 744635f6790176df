"""Home page: what the portal is, national figures with sources, counts, newest policies, entry points."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import (
    PolicyDocumentFactory,
    ProvinceFactory,
    SourceFactory,
    StatisticFactory,
    ZoneFactory,
)
from zones.models import ZoneStatistic

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_figures_counts_policies_and_entry_points(client):
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu", name_zh="江苏省")
    ZoneFactory.create_batch(2, province=jiangsu, kind="etdz")
    ZoneFactory(province=jiangsu, kind="high-tech")
    ProvinceFactory(code="62", slug="gansu", name_en="Gansu")  # no zones: not listed
    source = SourceFactory(
        url="https://www.chinadaily.com.cn/", title="China Daily article", publisher="China Daily"
    )
    StatisticFactory(
        indicator=ZoneStatistic.Indicator.GDP,
        value="16.9",
        unit="trillion yuan",
        qualifier="about",
        year=2024,
        source=source,
    )
    for day in range(1, 8):
        PolicyDocumentFactory(title_en=f"Policy of day {day}", issued=datetime.date(2024, 1, day))
    undated = PolicyDocumentFactory(title_en="Undated policy")

    body = text(client.get(reverse("home")))
    assert "A public reference to China's development zones" in body
    assert "Regional GDP" in body and "about" in body and "16.9" in body and "trillion yuan, 2024" in body
    assert 'href="https://www.chinadaily.com.cn/"' in body
    assert (
        '<a href="/en/zones/?kind=etdz">Economic and technological development zone</a></td>'
        '<td class="num">2</td>' in body
    )
    assert (
        'href="/en/provinces/jiangsu/">Jiangsu</a>' in body
        and 'href="/en/zones/?province=jiangsu">3</a>' in body
    )
    assert "/en/provinces/gansu/" not in body
    # Five newest policies, newest first, undated ones not ahead of dated ones.
    shown = re.findall(r"Policy of day (\d)", body)
    assert shown == ["7", "6", "5", "4", "3"]
    assert undated.title_en not in body
    for name in ("zones:list", "enterprises:list", "industries:list", "policies:list"):
        assert f'href="{reverse(name)}"' in body
    assert 'name="q"' in body


def test_home_without_national_figures_says_so(client):
    body = text(client.get(reverse("home")))
    assert "No national figures are loaded, so none are shown." in body


def test_home_explains_national_etdzs_held_against_those_reported(client):
    ZoneFactory.create_batch(3, kind="etdz", level="national")
    ZoneFactory(kind="etdz", level="national", status="revoked")  # no longer a national ETDZ
    ZoneFactory(kind="high-tech")
    source = SourceFactory(
        url="https://www.chinadaily.com.cn/", title="China Daily article", publisher="China Daily"
    )
    StatisticFactory(
        indicator=ZoneStatistic.Indicator.ZONE_COUNT, value=232, unit="zones", year=2024, source=source
    )
    body = text(client.get(reverse("home")))
    # The national figure is shown as reported ...
    assert '<div class="figure-label">Number of national ETDZs</div> <div class="figure">232</div>' in body
    # ... and beside the counts by kind, a note says how many the data holds against it, and why.
    kinds = body.split('id="kinds-heading"', 1)[1].split("</section>", 1)[0]
    note = kinds.split('id="etdz-note">', 1)[1].split("</p>", 1)[0]
    assert note.startswith(
        "The data holds <strong>3</strong> national economic and technological development zones (ETDZs)"
        " against <strong>232</strong> reported for 2024 by "
        '<a href="https://www.chinadaily.com.cn/" rel="external noopener">China Daily</a>:'
    )
    assert "GB/T 37028-2018" in note and "upgraded in 2024" in note
    assert "not named in a source we hold are missing" in note


def test_home_etdz_note_without_a_reported_figure_gives_the_count_held(client):
    ZoneFactory.create_batch(2, kind="etdz", level="national")
    body = text(client.get(reverse("home")))
    note = body.split('id="etdz-note">', 1)[1].split("</p>", 1)[0]
    assert note.startswith(
        "The data holds <strong>2</strong> national economic and technological development zones (ETDZs):"
    )
    assert "reported" not in note
