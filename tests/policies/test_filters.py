"""PolicyFilter: issuer, category, applicable zone (named or by kind), industry, years, text, bad values."""

import datetime

import pytest
from django.http import QueryDict

from policies.filters import PolicyFilter
from policies.models import Measure, PolicyDocument
from tests.factories import (
    IndustryFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    ProvinceFactory,
    ZoneFactory,
)
from tests.pages import counts
from zones.models import Zone

pytestmark = pytest.mark.django_db


def run(query: str):
    return PolicyFilter(QueryDict(query), queryset=PolicyDocument.objects.for_public_list())


@pytest.fixture
def world():
    province = ProvinceFactory(code="44", slug="guangdong")
    huadu = ZoneFactory(province=province, code="44101099", slug="huadu-etdz", kind=Zone.Kind.ETDZ)
    sip = ZoneFactory(province=province, code="32101004", slug="suzhou-industrial-park", kind=Zone.Kind.ETDZ)
    zhongguancun = ZoneFactory(
        province=province, code="11102001", slug="zhongguancun", kind=Zone.Kind.HIGH_TECH
    )
    it = IndustryFactory(code="1", slug="sei2018-1")
    letter = PolicyDocumentFactory(
        slug="guobanhan-2024-83",
        title_en="State Council letter upgrading four zones",
        issuer="General Office of the State Council",
        document_number="国办函〔2024〕83号",
        issued=datetime.date(2024, 10, 27),
    )
    upgrade = MeasureFactory(document=letter, category=Measure.Category.DESIGNATION, text="Upgrades Huadu.")
    upgrade.zones.add(huadu)
    plan = PolicyDocumentFactory(
        slug="etdz-plan",
        title_en="Work plan for ETDZs",
        issuer="Ministry of Commerce",
        issued=datetime.date(2025, 1, 1),
    )
    MeasureFactory(
        document=plan, category=Measure.Category.INNOVATION, zone_kinds=",etdz,", text="Build platforms."
    )
    MeasureFactory(
        document=plan, category=Measure.Category.INNOVATION, zone_kinds=",etdz,", text="Link universities."
    )
    trade = MeasureFactory(
        document=plan, category=Measure.Category.OPENING_UP, zone_kinds=",etdz,", text="Chips FDI."
    )
    trade.industries.add(it)
    action = PolicyDocumentFactory(
        slug="high-tech-plan",
        title_en="Action plan for high-tech zones",
        issuer="Ministry of Science and Technology",
    )
    MeasureFactory(
        document=action, category=Measure.Category.SANDBOX, zone_kinds=",high-tech,", text="Try sandboxes."
    )
    return locals()


def test_counts_documents_not_measures(world):
    fs = run("")
    assert fs.qs.count() == 3
    # The plan holds two innovation measures: one document.
    assert counts(fs, "category") == {"designation": 1, "innovation": 1, "opening-up": 1, "sandbox": 1}
    assert counts(fs, "issuer") == {
        "General Office of the State Council": 1,
        "Ministry of Commerce": 1,
        "Ministry of Science and Technology": 1,
    }
    assert counts(fs, "industry") == {"sei2018-1": 1}


def test_zone_finds_measures_naming_it_and_measures_for_its_kind(world):
    assert set(run("zone=huadu-etdz").qs) == {world["letter"], world["plan"]}
    assert set(run("zone=suzhou-industrial-park").qs) == {world["plan"]}
    assert set(run("zone=zhongguancun").qs) == {world["action"]}
    # Several zones: OR.
    assert set(run("zone=suzhou-industrial-park&zone=zhongguancun").qs) == {world["plan"], world["action"]}


def test_zone_facet_offers_named_zones_and_the_selected_one_with_real_counts(world):
    fs = run("zone=32101004")  # a zone code works as well as a slug
    assert set(fs.qs) == {world["plan"]}
    assert counts(fs, "zone") == {"huadu-etdz": 2, "suzhou-industrial-park": 1}
    fs = run("category=designation&zone=huadu-etdz")
    assert set(fs.qs) == {world["letter"]}
    assert counts(fs, "zone") == {"huadu-etdz": 1}


def test_facets_and_with_each_other(world):
    fs = run("category=innovation&category=sandbox&issuer=Ministry+of+Commerce")
    assert list(fs.qs) == [world["plan"]]
    # A selected option with no result stays (with 0) so that it can be unticked.
    assert counts(fs, "category") == {"innovation": 1, "opening-up": 1, "sandbox": 0}


def test_sort_puts_undated_documents_last(world):
    assert list(run("sort=-issued").qs) == [world["plan"], world["letter"], world["action"]]
    assert list(run("sort=issued").qs) == [world["letter"], world["plan"], world["action"]]


def test_industry_and_years(world):
    assert list(run("industry=sei2018-1").qs) == [world["plan"]]
    assert set(run("issued_from=2024&issued_to=2024").qs) == {world["letter"]}


def test_search_reaches_titles_numbers_and_measure_text(world):
    assert list(run("q=83号").qs) == [world["letter"]]
    assert list(run("q=sandboxes").qs) == [world["action"]]
    assert list(run("q=work+plan").qs) == [world["plan"]]


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("issuer=Nobody", "issuer", "“Nobody” is not one of the known values"),
        ("category=lottery", "category", "“lottery” is not one of the known values"),
        ("zone=atlantis", "zone", "“atlantis” is not one of the known values"),
        ("industry=sei2018-99", "industry", "is not one of the known values"),
        ("issued_from=abc", "issued_from", "not a year"),
    ],
)
def test_bad_values_are_reported(world, query, name, message):
    fs = run(query)
    problem = next(p for p in fs.problems if p.name == name)
    assert message in " ".join(problem.messages)
    assert fs.qs.count() == 3
