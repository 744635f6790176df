"""Export → re-import changes nothing, for every kind and every format."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprises.models import Enterprise
from imports import registry
from imports.engine import run_import
from imports.exporting import write_export
from tests.factories import (
    EnterpriseFactory,
    MeasureFactory,
    PolicyDocumentFactory,
    PrefectureFactory,
    StatisticFactory,
)

from .state import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_world(world):
    """At least one row of every kind, with links, partial dates, decimals, booleans and a formula."""
    sip = world["sip"]
    sip.approved, sip.approved_precision = dt.date(1994, 2, 1), "month"
    sip.area_km2, sip.website, sip.description = (
        Decimal("278.00"),
        "https://www.sipac.gov.cn/",
        "=1+1 (not a formula)",
    )
    sip.save()
    sip.industries.set([world["sei1"], world["gbt39"], world["gbt1"]])
    sip.sources.set([world["source"]])
    PrefectureFactory(code="3205", province=world["jiangsu"], name_zh="苏州市", name_en="Suzhou")
    StatisticFactory(zone=None, year=2024, value=Decimal("16.9"), unit="trillion yuan", qualifier="about")
    StatisticFactory(zone=sip, year=2023, value=Decimal("3686.1234"))
    hyc = EnterpriseFactory(
        name_zh="苏州华兴源创科技股份有限公司",
        zone=sip,
        province=world["jiangsu"],
        high_tech=True,
        founded=dt.date(2005, 6, 15),
        listed=dt.date(2019, 7, 22),
        board=Enterprise.Board.STAR,
        stock_code="688001",
    )
    hyc.industries.set([world["sei11"], world["gbt_c"]])
    hyc.sources.set([world["source"]])
    EnterpriseFactory(credit_code=None, stock_code=None, province=None, high_tech=False, description="-minus")
    document = PolicyDocumentFactory(issued=dt.date(2024, 10, 1), issued_precision="month")
    document.sources.set([world["source"]])
    measure = MeasureFactory(document=document, position=1, zone_kinds=",etdz,high-tech,")
    measure.zones.set([sip, world["jiangning"]])
    measure.industries.set([world["sei1"]])
    MeasureFactory(document=document, position=2)
    PolicyDocumentFactory()  # a document without measures
    return world


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_every_kind_round_trips(full_world, tmp_path, suffix):
    before = db_state()
    for kind in registry.kinds():
        path = tmp_path / f"{kind}{suffix}"
        rows = write_export(kind, path)
        assert rows > 0, kind
        result = run_import(kind, path)
        assert result.errors == [], (kind, [str(e) for e in result.errors])
        assert (result.created, result.updated, result.unchanged) == (0, 0, rows), kind
    assert db_state() == before


def test_export_of_zones_has_canonical_columns_and_codes(full_world, tmp_path):
    path = tmp_path / "zones.csv"
    write_export("zones", path)
    header, sip_line = path.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.startswith(
        "code,name_zh,short_name,name_en,name_en_derived,kind,level,province,prefecture,approved"
    )
    assert "1994-02" in sip_line and "278" in sip_line
    assert "1;gbt4754:1;gbt4754:39" in sip_line  # SEI code bare, GB/T codes prefixed so they re-resolve
    assert "'=1+1 (not a formula)" in sip_line
