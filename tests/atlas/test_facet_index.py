"""The facet index (atlas.facet_index): the same counts as SQL, and never staler than the database."""

import io

import pytest
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from atlas.data_versions import stamp as current_token
from atlas.facet_index import facet_index
from enterprises.filters import (
    ENTERPRISE_INDEX,
    EnterpriseFilter,
    IndustryEnterpriseFilter,
    ZoneEnterpriseFilter,
)
from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def counts_and_total(settings, filterset_class, query, queryset, *, index: bool):
    settings.ATLAS_FACET_INDEX = index
    fs = filterset_class(QueryDict(query), queryset=queryset)
    fs.facets  # noqa: B018 -- fills facet_counts
    return fs.facet_counts, fs.total_from_facets() if index else fs.qs.count()


def random_query(rng, crowd) -> str:
    """A query string with zero to all of the list's filters, some with several values."""
    query = QueryDict(mutable=True)
    picks = {
        "province": [p.slug for p in crowd["provinces"]] + ["atlantis"],
        "zone": [z.slug for z in crowd["zones"]],
        "industry": [i.slug for i in crowd["industries"]],
        "board": ["star", "sse-main", "bse"],
        "high_tech": ["yes", "no", "unknown"],
    }
    for name, values in picks.items():
        if rng.random() < 0.4:
            query.setlist(name, rng.sample(values, rng.randint(1, 2)))
    if rng.random() < 0.3:
        query["listed_from"] = str(rng.randint(1995, 2015))
    if rng.random() < 0.3:
        query["listed_to"] = str(rng.randint(2005, 2025))
    if rng.random() < 0.2:
        query["q"] = rng.choice(["科技", "电子", "公司1"])
    return query.urlencode()


def test_counts_and_totals_equal_the_sql_ones_for_any_filter_combination(settings, crowd):
    rng = crowd["rng"]
    queryset = Enterprise.objects.for_public_list()
    for _ in range(60):
        query = random_query(rng, crowd)
        expected = counts_and_total(settings, EnterpriseFilter, query, queryset, index=False)
        assert counts_and_total(settings, EnterpriseFilter, query, queryset, index=True) == expected, query


@pytest.mark.parametrize("panel", ["zone", "industry"])
def test_panels_restricted_by_their_queryset_count_like_sql(settings, crowd, panel):
    rng = crowd["rng"]
    if panel == "zone":
        filterset_class, queryset = ZoneEnterpriseFilter, Enterprise.objects.for_zone(crowd["zones"][0])
    else:
        filterset_class = IndustryEnterpriseFilter
        queryset = Enterprise.objects.for_industry(crowd["industries"][0])
    for _ in range(15):
        query = random_query(rng, crowd)
        expected = counts_and_total(settings, filterset_class, query, queryset, index=False)
        assert counts_and_total(settings, filterset_class, query, queryset, index=True) == expected, query


def board_counts(settings) -> dict:
    return counts_and_total(settings, EnterpriseFilter, "", Enterprise.objects.all(), index=True)[0]["board"]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda e: Enterprise.objects.filter(pk=e.pk).update(board="bse"), id="queryset-update"),
        pytest.param(lambda e: setattr(e, "board", "bse") or e.save(), id="model-save"),
        pytest.param(
            lambda e: Enterprise.objects.bulk_create([Enterprise(name_zh="新", slug="new", board="bse")]),
            id="bulk-create",
        ),
    ],
)
def test_every_write_path_shows_at_once(settings, crowd, write):
    enterprise = Enterprise.objects.exclude(board="bse").first()
    before = board_counts(settings).get("bse", 0)
    write(enterprise)
    assert board_counts(settings).get("bse", 0) == before + 1


def test_links_and_deletes_show_at_once(settings, crowd):
    industry = crowd["industries"][0]
    counts = lambda: counts_and_total(settings, EnterpriseFilter, "", Enterprise.objects.all(), index=True)  # noqa: E731
    before, total = counts()
    unlinked = Enterprise.objects.exclude(industries=industry).first()
    unlinked.industries.add(industry)
    assert counts()[0]["industry"][industry.pk] == before["industry"][industry.pk] + 1
    Enterprise.objects.filter(pk=unlinked.pk).delete()
    assert counts()[1] == total - 1


def test_an_unchanged_table_is_copied_once_and_an_untracked_column_keeps_the_copy(crowd):
    with CaptureQueriesContext(connection) as first:
        built = facet_index(ENTERPRISE_INDEX)
    # (whether an older copy changed,) the stamp, the rows, the industry links
    assert len(first) in (3, 4)
    Enterprise.objects.filter(pk=Enterprise.objects.first().pk).update(description="edited")
    with CaptureQueriesContext(connection) as again:
        assert facet_index(ENTERPRISE_INDEX) is built
    assert len(again) == 1  # whether it changed, only
    Enterprise.objects.filter(pk=Enterprise.objects.first().pk).update(board="star")
    assert facet_index(ENTERPRISE_INDEX) is not built


def test_an_import_shows_at_once(settings, crowd, tmp_path):
    from django.core.management import call_command

    before = board_counts(settings).get("star", 0)
    path = tmp_path / "e.csv"
    path.write_text("name_zh,board\n导入公司甲,star\n导入公司乙,star\n", encoding="utf-8")
    call_command("import_atlas", "enterprises", str(path), stdout=io.StringIO())
    assert board_counts(settings).get("star", 0) == before + 2


@pytest.mark.parametrize("column", [*ENTERPRISE_INDEX.columns, *ENTERPRISE_INDEX.years])
def test_the_triggers_watch_every_copied_column(crowd, column):
    """A column copied but not watched would leave the copy stale after an edit of it."""
    before = current_token(ENTERPRISE_INDEX.version_name, "default")
    Enterprise.objects.filter(pk=Enterprise.objects.first().pk).update(**{column: F(column)})
    assert current_token(ENTERPRISE_INDEX.version_name, "default") != before
