"""What the zones models tell their pages: an industry's ancestors, dates at their source's precision."""

import datetime as dt

import pytest

from atlas.dates import partial_date_display
from tests.factories import IndustryFactory, PolicyDocumentFactory, ZoneFactory
from zones.models import Industry

pytestmark = pytest.mark.django_db


def test_ancestors_run_root_first_and_cost_no_query_on_the_detail_queryset(django_assert_num_queries):
    root = IndustryFactory(code="C", slug="gbt4754-c", level=1)
    division = IndustryFactory(code="39", slug="gbt4754-39", parent=root, level=2)
    group = IndustryFactory(code="391", slug="gbt4754-391", parent=division, level=3)
    leaf = IndustryFactory(code="3911", slug="gbt4754-3911", parent=group, level=4)
    node = Industry.objects.for_detail().get(pk=leaf.pk)
    with django_assert_num_queries(0):
        assert node.ancestors() == [root, division, group]
    assert root.ancestors() == []


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "1994"), ("month", "1994-02"), ("day", "1994-02-01"), ("", "1994-02-01")],
)
def test_dates_show_at_the_precision_their_source_gives(precision, shown):
    date = dt.date(1994, 2, 1)
    assert partial_date_display(date, precision) == shown
    assert ZoneFactory(approved=date, approved_precision=precision or "day").approved_display == shown
    document = PolicyDocumentFactory(issued=date, issued_precision=precision or "day")
    assert document.issued_display == shown


def test_no_date_shows_nothing():
    assert partial_date_display(None, "year") == ""
    assert ZoneFactory(approved=None).approved_display == ""
