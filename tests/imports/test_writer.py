"""The writer's three paths -- COPY on PostgreSQL, executemany on SQLite, and Django's bulk_create for
any other database -- give the same rows, links, history and undo. The generic path is reached here by
making the connection say it is some other database; the suite runs on SQLite and PostgreSQL, so each
native path is compared with it."""

from decimal import Decimal

import pytest
from django.db import connection

from enterprises.models import Enterprise
from imports import writer
from imports.engine import run_import
from imports.models import ImportChange
from imports.rollback import rollback_batch
from tests.factories import EnterpriseFactory, valid_credit_code
from zones.models import ZoneStatistic

from .state import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["native", "generic"])
def path(request, monkeypatch):
    """Which writer path the imports of the test take."""
    if request.param == "generic":
        monkeypatch.setattr(connection, "vendor", "generic")
        assert not writer.postgres()
    return request.param


def enterprise_row(code: str) -> tuple:
    enterprise = Enterprise.objects.get(credit_code=code)
    industries = sorted(enterprise.industries.values_list("code", flat=True))
    return enterprise.name_zh, enterprise.name_en, enterprise.zone.code, industries, enterprise.high_tech


def test_new_and_updated_rows_links_history_and_changes_are_the_same_on_every_path(world, write, path):
    kept = EnterpriseFactory(credit_code=valid_credit_code(2), name_en="HYC", zone=world["sip"])
    kept.industries.set([world["sei1"]])
    before = db_state()
    new_code = valid_credit_code(1)
    text = (
        "name_zh,name_en,credit_code,zone_code,industries,high_tech,source_url\n"
        f"新公司,New Co,{new_code},32101004,1;39,no,https://example.org/new\n"
        f"{kept.name_zh},HYC Tech,{kept.credit_code},32101009,39,yes,https://example.org/new\n"
    )
    result = run_import("enterprises", write("e.csv", text))

    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert enterprise_row(new_code) == ("新公司", "New Co", "32101004", ["1", "39"], False)
    assert enterprise_row(kept.credit_code) == (kept.name_zh, "HYC Tech", "32101009", ["39"], True)
    changes = ImportChange.objects.filter(batch=result.batch)
    assert sorted(changes.values_list("model", "action")) == [
        ("enterprises.enterprise", "created"),
        ("enterprises.enterprise", "updated"),
        ("zones.source", "created"),  # the bare source the file cites
    ]
    assert changes.get(action="updated").before["name_en"] == "HYC"
    reasons = {h.history_change_reason for h in Enterprise.history.filter(credit_code__in=[new_code])}
    assert reasons == {f"import batch {result.batch.pk}"}

    # The same file again changes nothing on any path.
    again = run_import("enterprises", write("e.csv", text))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    rollback_batch(result.batch)
    assert enterprise_row(kept.credit_code) == (kept.name_zh, "HYC", "32101004", ["1"], None)
    state = db_state()
    assert state.pop("histories") > before.pop("histories")  # the undo is in the history too
    assert state == before


def test_statistics_with_decimals_and_dates_round_trip_on_every_path(world, write, path):
    text = (
        "zone_code,year,indicator,value,unit,source_url\n"
        "32101004,2023,gdp,3686.5,100 million yuan,https://example.org/s\n"
    )
    first = run_import("statistics", write("s.csv", text))
    assert (first.created, first.errors) == (1, [])
    stat = ZoneStatistic.objects.get(zone=world["sip"], year=2023)
    assert (stat.value, stat.unit) == (Decimal("3686.5"), "100 million yuan")
    updated = run_import("statistics", write("s.csv", text.replace("3686.5", "3700")))
    assert updated.updated == 1
    stat.refresh_from_db()
    assert stat.value == Decimal("3700")
