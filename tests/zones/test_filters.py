"""ZoneFilter and IndustryFilter tested directly: OR within a facet, AND across, counts, bad values."""

import datetime

import pytest
from django.http import QueryDict

from tests.factories import IndustryFactory, PrefectureFactory, ProvinceFactory, ZoneFactory
from tests.pages import counts
from zones.filters import ZoneFilter
from zones.models import Zone

pytestmark = pytest.mark.django_db


def run(query: str) -> ZoneFilter:
    return ZoneFilter(QueryDict(query), queryset=Zone.objects.for_public_list())


def codes(fs) -> set[str]:
    return set(fs.qs.values_list("code", flat=True))


@pytest.fixture
def atlas():
    jiangsu = ProvinceFactory(code="32", name_en="Jiangsu", name_zh="江苏省", slug="jiangsu")
    zhejiang = ProvinceFactory(code="33", name_en="Zhejiang", name_zh="浙江省", slug="zhejiang")
    ProvinceFactory(code="62", name_en="Gansu", name_zh="甘肃省", slug="gansu")  # no zones at all
    chips = IndustryFactory(code="1.2", name_en="Electronic core industry", slug="sei2018-1-2")
    bio = IndustryFactory(code="4.1", name_en="Biomedicine", slug="sei2018-4-1")
    zones = {
        "sip": ZoneFactory(
            code="32101004",
            name_zh="苏州工业园区",
            name_en="Suzhou Industrial Park",
            province=jiangsu,
            kind="etdz",
            approved=datetime.date(1994, 2, 1),
            approved_precision="month",
        ),
        "nj": ZoneFactory(
            code="32103001",
            name_zh="南京高新技术产业开发区",
            name_en="Nanjing High-tech Zone",
            province=jiangsu,
            kind="high-tech",
            approved=datetime.date(1991, 3, 1),
            approved_precision="year",
        ),
        "hz": ZoneFactory(
            code="33101001",
            name_zh="杭州经济技术开发区",
            name_en="Hangzhou ETDZ",
            province=zhejiang,
            kind="etdz",
            approved=datetime.date(1993, 4, 1),
            approved_precision="month",
        ),
        "prov": ZoneFactory(
            code="33201001",
            name_zh="浙江某经济开发区",
            name_en="Some Economic Development Zone",
            province=zhejiang,
            kind="provincial",
            level="provincial",
            status="upgraded",
        ),
    }
    zones["sip"].industries.add(chips, bio)
    zones["hz"].industries.add(chips)
    return zones


def test_no_parameters_lists_every_zone_with_counts(atlas):
    fs = run("")
    assert codes(fs) == {"32101004", "32103001", "33101001", "33201001"}
    assert counts(fs, "province") == {"jiangsu": 2, "zhejiang": 2}  # Gansu has none: hidden
    assert counts(fs, "kind") == {"etdz": 2, "high-tech": 1, "provincial": 1}
    assert fs.problems == []


def test_values_of_one_facet_combine_with_or(atlas):
    assert codes(run("kind=etdz&kind=high-tech")) == {"32101004", "32103001", "33101001"}
    assert codes(run("province=jiangsu&province=zhejiang")) == {
        "32101004",
        "32103001",
        "33101001",
        "33201001",
    }


def test_different_facets_combine_with_and(atlas):
    assert codes(run("province=jiangsu&kind=etdz")) == {"32101004"}
    assert codes(run("province=zhejiang&level=provincial&status=upgraded")) == {"33201001"}


def test_facet_counts_apply_every_other_filter_but_not_their_own(atlas):
    fs = run("province=jiangsu&kind=etdz")
    # Province counts: under kind=etdz only (one ETDZ in each province).
    assert counts(fs, "province") == {"jiangsu": 1, "zhejiang": 1}
    # Kind counts: under province=jiangsu only.
    assert counts(fs, "kind") == {"etdz": 1, "high-tech": 1}
    selected = [o.value for f in fs.facets for o in f.options if o.selected]
    assert sorted(selected) == ["etdz", "jiangsu"]


def test_options_with_no_results_are_hidden_except_selected(atlas):
    fs = run("province=gansu&kind=etdz")
    assert codes(fs) == set()
    province = {
        o.value: (o.count, o.selected) for o in next(f for f in fs.facets if f.name == "province").options
    }
    assert province["gansu"] == (0, True)  # selected: still shown so it can be unticked
    kinds = counts(fs, "kind")
    assert (
        "high-tech" not in kinds and "etdz" in kinds
    )  # under province=gansu nothing: only the selected remains


def test_many_to_many_facet_or_without_duplicate_rows(atlas):
    fs = run("industry=sei2018-1-2&industry=sei2018-4-1")
    rows = list(fs.qs.values_list("code", flat=True))
    assert sorted(rows) == ["32101004", "33101001"]  # Suzhou has both industries, listed once
    assert counts(fs, "industry") == {"sei2018-1-2": 2, "sei2018-4-1": 1}
    assert codes(run("industry=sei2018-4-1&province=zhejiang")) == set()


def test_prefecture_facet_by_nbs_code(atlas):
    suzhou = PrefectureFactory(code="3205", province=atlas["sip"].province, name_en="Suzhou")
    Zone.objects.filter(code="32101004").update(prefecture=suzhou)
    fs = run("prefecture=3205")
    assert codes(fs) == {"32101004"}
    assert counts(fs, "prefecture") == {"3205": 1}
    assert [p.name for p in run("prefecture=9999").problems] == ["prefecture"]


def test_search_matches_chinese_english_and_code(atlas):
    assert codes(run("q=苏州")) == {"32101004"}
    assert codes(run("q=hangzhou")) == {"33101001"}
    assert codes(run("q=32103")) == {"32103001"}


def test_approval_year_range(atlas):
    assert codes(run("approved_from=1992&approved_to=1993")) == {"33101001"}
    assert codes(run("approved_from=1993")) == {"32101004", "33101001"}


@pytest.mark.parametrize(
    ("query", "name", "expected_codes"),
    [
        ("province=atlantis&kind=etdz", "province", {"32101004", "33101001"}),
        ("approved_from=abc&province=jiangsu", "approved_from", {"32101004", "32103001"}),
        ("approved_to=1800&kind=high-tech", "approved_to", {"32103001"}),
        ("kind=spaceport&province=zhejiang", "kind", {"33101001", "33201001"}),
        ("sort=price&province=jiangsu", "sort", {"32101004", "32103001"}),
    ],
)
def test_bad_value_is_reported_and_only_that_parameter_ignored(atlas, query, name, expected_codes):
    fs = run(query)
    assert codes(fs) == expected_codes
    assert [p.name for p in fs.problems] == [name]
    problem = fs.problems[0]
    assert problem.value == QueryDict(query)[name]
    assert problem.messages


@pytest.mark.parametrize(
    ("query", "ignored", "expected_codes"),
    [
        ("province=atlantis&province=jiangsu", "atlantis", {"32101004", "32103001"}),
        ("kind=etdz&kind=spaceport&kind=moonbase", "spaceport, moonbase", {"32101004", "33101001"}),
    ],
)
def test_a_bad_value_among_good_ones_is_reported_and_the_good_ones_applied(
    atlas, query, ignored, expected_codes
):
    fs = run(query)
    assert codes(fs) == expected_codes
    (problem,) = fs.problems
    assert (problem.value, problem.partly) == (ignored, True)
    assert ignored.split(", ")[0] in problem.messages[0]
    assert [chip.value_label for chip in fs.active] != [] and all(
        chip.value_label not in ignored.split(", ") for chip in fs.active
    )


def test_an_empty_value_beside_a_good_one_is_no_value(atlas):
    fs = run("province=jiangsu&province=&kind=")
    assert codes(fs) == {"32101004", "32103001"} and fs.problems == []


def test_a_year_range_that_ends_before_it_starts_is_reported(atlas):
    fs = run("approved_from=1993&approved_to=1991")
    (problem,) = fs.problems
    assert problem.name == "approved_to" and "1993" in problem.messages[0]
    assert codes(fs) == set(run("approved_from=1993").qs.values_list("code", flat=True))


def test_unknown_value_message_names_the_value(atlas):
    fs = run("province=atlantis")
    assert "atlantis" in fs.problems[0].messages[0]
    assert "year" in run("approved_from=abc").problems[0].messages[0]
    assert "1949" in run("approved_to=1800").problems[0].messages[0]


def test_sort_whitelist_orders_rows(atlas):
    assert list(run("sort=approved").qs.values_list("code", flat=True)) == [
        "32103001",
        "33101001",
        "32101004",
        "33201001",  # undated last
    ]
    assert list(run("sort=-approved").qs.values_list("code", flat=True))[:3] == [
        "32101004",
        "33101001",
        "32103001",
    ]
    assert list(run("sort=name_en").qs.values_list("code", flat=True))[0] == "33101001"


def test_active_chips_remove_one_value_and_drop_the_page(atlas):
    fs = run("province=jiangsu&province=zhejiang&kind=etdz&page=3&sort=name")
    chips = {(c.name, c.value_label): c.remove_query for c in fs.active}
    assert chips[("province", "Jiangsu")] == "?province=zhejiang&kind=etdz&sort=name"
    assert chips[("kind", "Economic and technological development zone")] == (
        "?province=jiangsu&province=zhejiang&sort=name"
    )
    assert ("sort", "Chinese name") not in chips  # sorting is not a filter chip


# ---------------------------------------------------------------- cached aggregates


@pytest.fixture
def facet_cache(settings):
    from django.core.cache import cache

    settings.ATLAS_FACET_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_cached_counts_skip_the_aggregates_and_follow_edits(atlas, facet_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from atlas.faceting import cached_count, facet_cache_clear

    with CaptureQueriesContext(connection) as cold:
        fs = run("kind=etdz")
        cached_count(fs.qs), fs.facets
    with CaptureQueriesContext(connection) as warm:
        fs = run("kind=etdz")
        assert cached_count(fs.qs) == 2
        assert counts(fs, "province") == {"jiangsu": 1, "zhejiang": 1}
    assert len(warm) < len(cold) and len(warm) == 0

    # A save through the ORM invalidates at once (signal), so the new zone is counted.
    ZoneFactory(province=atlas["sip"].province, kind="etdz")
    fs = run("kind=etdz")
    assert cached_count(fs.qs) == 3
    assert counts(fs, "province") == {"jiangsu": 2, "zhejiang": 1}

    # Writes that send no signal (bulk paths) call facet_cache_clear().
    Zone.objects.filter(code="33101001").update(kind="high-tech")
    assert cached_count(run("kind=etdz").qs) == 3  # still the cached total
    facet_cache_clear()
    assert cached_count(run("kind=etdz").qs) == 2


def test_rows_without_a_value_are_not_counted_as_hidden_options(atlas):
    # Enterprises may have no province; those rows are no option, hidden or shown.
    from atlas.faceting import FacetedFilterSet, ModelFacet
    from enterprises.models import Enterprise
    from tests.factories import EnterpriseFactory
    from zones.models import Province

    class EnterpriseProvinceFilter(FacetedFilterSet):
        province = ModelFacet(queryset=Province.objects.all(), label="Province")

        class Meta:
            model = Enterprise
            fields = []

    EnterpriseFactory(province=atlas["sip"].province)
    EnterpriseFactory(province=None)
    (facet,) = EnterpriseProvinceFilter(QueryDict(""), queryset=Enterprise.objects.all()).facets
    assert [(o.value, o.count) for o in facet.options] == [("jiangsu", 1)]
    assert facet.hidden_count == 0


def test_cached_aggregates_of_an_empty_queryset(atlas, facet_cache):
    from atlas.faceting import cached_count

    fs = ZoneFilter(QueryDict("kind=etdz"), queryset=Zone.objects.none())
    assert cached_count(fs.qs) == 0
    assert all(not facet.options or all(o.selected for o in facet.options) for facet in fs.facets)
