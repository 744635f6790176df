"""EnterpriseFilter: OR within a facet, AND across, counts under the other filters, bad values reported."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from enterprises.filters import EnterpriseFilter, ZoneEnterpriseFilter
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, IndustryFactory, ProvinceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def run(query: str, queryset=None, filterset_class=EnterpriseFilter):
    return filterset_class(QueryDict(query), queryset=queryset or Enterprise.objects.for_public_list())


def facet(fs, name):
    return {option.value: option for option in next(f for f in fs.facets if f.name == name).options}


@pytest.fixture
def world():
    jiangsu = ProvinceFactory(code="32", slug="jiangsu", name_en="Jiangsu", name_zh="江苏省")
    zhejiang = ProvinceFactory(code="33", slug="zhejiang", name_en="Zhejiang", name_zh="浙江省")
    beijing = ProvinceFactory(code="11", slug="beijing", name_en="Beijing", name_zh="北京市")
    sip = ZoneFactory(
        province=jiangsu, code="32101004", slug="suzhou-industrial-park", name_zh="苏州工业园区"
    )
    chips = IndustryFactory(code="1.2", slug="sei2018-1-2")
    software = IndustryFactory(code="1.3", slug="sei2018-1-3")
    hyc = EnterpriseFactory(
        name_zh="苏州华兴源创科技股份有限公司",
        name_en="Suzhou HYC Technology Co.,Ltd",
        stock_code="688001",
        board=Enterprise.Board.STAR,
        province=jiangsu,
        zone=sip,
        high_tech=True,
        listed=datetime.date(2019, 7, 22),
    )
    hyc.industries.add(chips)
    nanjing = EnterpriseFactory(
        province=jiangsu, board=Enterprise.Board.SZSE_MAIN, high_tech=False, listed=datetime.date(2010, 3, 31)
    )
    nanjing.industries.add(software, chips)
    hangzhou = EnterpriseFactory(
        province=zhejiang, board=Enterprise.Board.STAR, listed=datetime.date(2021, 1, 5)
    )
    hangzhou.industries.add(software)
    capital = EnterpriseFactory(province=beijing, board=Enterprise.Board.SSE_MAIN, listed=None)
    return locals()


def test_no_filter_gives_every_enterprise_and_counts(world):
    fs = run("")
    assert fs.qs.count() == 4
    assert {v: o.count for v, o in facet(fs, "province").items()} == {
        "jiangsu": 2,
        "zhejiang": 1,
        "beijing": 1,
    }
    assert {v: o.count for v, o in facet(fs, "board").items()} == {"sse-main": 1, "szse-main": 1, "star": 2}
    # An enterprise linked to two industries counts once under each, never twice under one.
    assert {v: o.count for v, o in facet(fs, "industry").items()} == {"sei2018-1-2": 2, "sei2018-1-3": 2}
    assert {v: o.count for v, o in facet(fs, "high_tech").items()} == {"yes": 1, "no": 1, "unknown": 2}
    assert {v: o.count for v, o in facet(fs, "zone").items()} == {"suzhou-industrial-park": 1}


def test_values_of_one_facet_combine_with_or(world):
    fs = run("province=jiangsu&province=zhejiang")
    assert set(fs.qs) == {world["hyc"], world["nanjing"], world["hangzhou"]}


def test_facets_combine_with_and_and_counts_follow_the_other_filters(world):
    fs = run("province=jiangsu&board=star")
    assert list(fs.qs) == [world["hyc"]]
    # The province facet counts under the board filter only, the board facet under the province only.
    assert {v: o.count for v, o in facet(fs, "province").items()} == {"jiangsu": 1, "zhejiang": 1}
    assert {v: o.count for v, o in facet(fs, "board").items()} == {"star": 1, "szse-main": 1}
    assert facet(fs, "province")["jiangsu"].selected and not facet(fs, "province")["zhejiang"].selected


def test_options_with_no_result_are_hidden(world):
    fs = run("province=beijing")
    assert set(facet(fs, "board")) == {"sse-main"}
    assert facet(fs, "industry") == {}
    assert facet(fs, "zone") == {}


def test_m2m_facet_gives_no_duplicate_rows(world):
    fs = run("industry=sei2018-1-2&industry=sei2018-1-3")
    rows = list(fs.qs)
    assert len(rows) == len(set(rows)) == 3
    assert fs.qs.count() == 3


def test_zone_by_slug_or_code(world):
    assert list(run("zone=suzhou-industrial-park").qs) == [world["hyc"]]
    fs = run("zone=32101004")
    assert list(fs.qs) == [world["hyc"]]
    assert facet(fs, "zone")["suzhou-industrial-park"].selected
    # The chip names the zone in the active language.
    zone = world["hyc"].zone
    assert [chip.value_label for chip in fs.active] == [zone.name_en]
    with translation.override("zh-hans"):
        assert [chip.value_label for chip in run("zone=32101004").active] == ["苏州工业园区"]


def test_search_matches_names_and_codes(world):
    assert list(run("q=688001").qs) == [world["hyc"]]
    assert list(run("q=华兴源创").qs) == [world["hyc"]]
    assert list(run("q=hyc technology").qs) == [world["hyc"]]
    assert list(run(f"q={world['nanjing'].credit_code}").qs) == [world["nanjing"]]


def test_search_digits_match_code_prefixes_and_text_anywhere_in_a_name(world):
    assert list(run("q=6880").qs) == [world["hyc"]]
    assert list(run("q=880").qs) == []  # digits match the start of a code, not its middle
    assert list(run("q=苏州").qs) == [world["hyc"]]
    assert list(run("q=华兴").qs) == [world["hyc"]]  # two Chinese characters: anywhere in a name
    assert list(run("q=源创").qs) == [world["hyc"]]
    assert list(run("q=华兴源").qs) == [world["hyc"]]
    assert list(run("q=hy").qs) == [world["hyc"]]  # short and with letter case: case-blind
    assert list(run("q=HYC").qs) == [world["hyc"]]


def test_a_two_character_chinese_search_looks_in_full_and_short_names_through_their_indexes(world):
    """On PostgreSQL both go through the bigram indexes (atlas.chinese_text); the rows are the same."""
    hangzhou = world["hangzhou"]
    hangzhou.short_name = "星河"  # not in its full name
    hangzhou.save(update_fields=["short_name"])
    assert "星河" not in hangzhou.name_zh
    assert list(run("q=星河").qs) == [hangzhou]


def test_high_tech_yes_no_unknown(world):
    assert list(run("high_tech=yes").qs) == [world["hyc"]]
    assert set(run("high_tech=no&high_tech=unknown").qs) == {
        world["nanjing"],
        world["hangzhou"],
        world["capital"],
    }


def test_listing_year_range(world):
    assert set(run("listed_from=2019").qs) == {world["hyc"], world["hangzhou"]}
    assert set(run("listed_from=2011&listed_to=2020").qs) == {world["hyc"]}


def test_sorting_is_whitelisted_and_complete(world):
    codes = [e.stock_code for e in run("sort=stock_code").qs]
    assert codes == sorted(codes)
    newest = [e.pk for e in run("sort=-listed").qs]
    assert newest[:3] == [world["hangzhou"].pk, world["hyc"].pk, world["nanjing"].pk]
    assert newest[-1] == world["capital"].pk  # no listing date goes last
    fs = run("sort=drop+table")
    assert fs.qs.count() == 4
    assert [p.name for p in fs.problems] == ["sort"]


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("province=atlantis", "province", "“atlantis” is not one of the known values"),
        ("board=nasdaq", "board", "“nasdaq” is not one of the known values"),
        ("high_tech=maybe", "high_tech", "“maybe” is not one of the known values"),
        ("listed_from=abc", "listed_from", "not a year"),
        ("listed_to=1800", "listed_to", "1949 or later"),
        ("zone=99999999", "zone", "“99999999” is not one of the known values"),
    ],
)
def test_bad_values_are_reported_and_only_they_ignored(world, query, name, message):
    fs = run(f"{query}&province=jiangsu" if name != "province" else query)
    problem = next(p for p in fs.problems if p.name == name)
    assert message in " ".join(problem.messages)
    expected = 4 if name == "province" else 2  # the valid province filter still applies
    assert fs.qs.count() == expected


def test_zone_panel_filter_stays_inside_the_zone(world):
    other = EnterpriseFactory(province=world["jiangsu"], board=Enterprise.Board.STAR)
    other.industries.add(world["chips"])
    zone_rows = Enterprise.objects.for_zone(world["sip"])
    fs = run("board=star", queryset=zone_rows, filterset_class=ZoneEnterpriseFilter)
    assert list(fs.qs) == [world["hyc"]]
    assert {v: o.count for v, o in facet(fs, "industry").items()} == {"sei2018-1-2": 1}
