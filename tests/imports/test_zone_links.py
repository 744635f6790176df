"""Zone links derived from registered addresses on import: evidence, the review queue, and staff decisions
that survive every later load."""

import csv
import io

import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
from enterprises.services import enterprise_review_zone_link, enterprise_set_zone_by_staff
from imports.engine import run_import
from tests.factories import ProvinceFactory, ZoneFactory

pytestmark = pytest.mark.django_db

HEADER = "name_zh,stock_code,address,address_source,address_year,source_url\n"


@pytest.fixture
def hefei(world):
    anhui = ProvinceFactory(code="34", name_zh="安徽省", name_en="Anhui", slug="anhui")
    return ZoneFactory(code="34103001", province=anhui, name_zh="合肥高新技术产业开发区", slug="hefei-htz")


def load(write, rows: str, **kwargs):
    result = run_import("enterprises", write("e.csv", HEADER + rows), **kwargs)
    assert result.ok, [str(e) for e in result.errors]
    return result


def rows(source) -> str:
    url = source.url
    return (
        f"甲公司,600001,江苏省苏州工业园区星湖街328号,{url},2025,{url}\n"
        f"乙公司,600002,合肥高新区望江西路666号,{url},2015,{url}\n"
        f"丙公司,600003,西安市雁塔区高新北六道15号,{url},2025,{url}\n"
        f"丁公司,600004,,,,{url}\n"
    )


def test_a_confident_match_is_linked_with_its_evidence(world, hefei, write):
    load(write, rows(world["source"]))
    first = Enterprise.objects.get(stock_code="600001")
    assert first.zone == world["sip"]
    assert (first.zone_basis, first.zone_method, first.zone_matched_text) == (
        "address",
        "full-name",
        "苏州工业园区",
    )
    assert (first.registered_address, first.address_year, first.address_source) == (
        "江苏省苏州工业园区星湖街328号",
        2025,
        world["source"],
    )
    # 合肥高新区 without 市 is an alias: proposed, not linked.
    second = Enterprise.objects.get(stock_code="600002")
    assert second.zone is None and second.proposed_zone == hefei and second.zone_review == "pending"
    # A road and an empty address link nothing.
    assert Enterprise.objects.filter(stock_code__in=["600003", "600004"], zone__isnull=False).count() == 0


def test_the_dry_run_preview_shows_each_proposed_zone_and_its_evidence(world, hefei, write):
    result = load(write, rows(world["source"]), dry_run=True)
    shown = {change.key: change.diff for change in result.preview}
    # A new row shows the file's values too; here only the zone columns derived from the address matter.
    derived = {
        key: {column: change for column, change in diff.items() if "from address" in column}
        for key, diff in shown.items()
    }
    assert derived["600001"] == {
        "zone_code (from address)": ("", "32101004 苏州工业园区 (full-name: “苏州工业园区”)")
    }
    assert derived["600002"] == {
        "proposed zone (from address, to review)": (
            "",
            "34103001 合肥高新技术产业开发区 (alias: “合肥高新区”)",
        )
    }
    assert derived["600003"] == {} and not Enterprise.objects.exists()
    assert shown["600001"]["address"] == ("", "江苏省苏州工业园区星湖街328号")


def test_staff_decisions_survive_a_reload(world, hefei, write):
    load(write, rows(world["source"]))
    enterprise_review_zone_link(enterprises=Enterprise.objects.filter(stock_code="600002"), confirm=True)
    staff_pick = Enterprise.objects.get(stock_code="600001")
    enterprise_set_zone_by_staff(enterprise=staff_pick, zone=world["jiangning"])
    result = load(write, rows(world["source"]))
    assert result.created == 0 and result.updated == 0
    confirmed = Enterprise.objects.get(stock_code="600002")
    assert (confirmed.zone, confirmed.zone_review, confirmed.zone_basis) == (hefei, "confirmed", "address")
    assert Enterprise.objects.get(stock_code="600001").zone == world["jiangning"]  # staff win


def test_a_rejected_proposal_stays_rejected_until_the_address_names_another_zone(world, hefei, write):
    load(write, rows(world["source"]))
    enterprise_review_zone_link(enterprises=Enterprise.objects.filter(stock_code="600002"), confirm=False)
    load(write, rows(world["source"]))
    rejected = Enterprise.objects.get(stock_code="600002")
    assert (rejected.zone, rejected.zone_review) == (None, "rejected")
    url = world["source"].url
    load(write, f"乙公司,600002,江苏省苏州工业园区星湖街1号,{url},2026,{url}\n")
    moved = Enterprise.objects.get(stock_code="600002")
    assert (moved.zone, moved.zone_review, moved.zone_basis) == (world["sip"], "", "address")


def test_a_zone_code_in_the_file_wins_over_the_address(world, hefei, write):
    url = world["source"].url
    text = (
        "name_zh,stock_code,zone_code,address,source_url\n"
        + f"甲公司,600001,32101009,苏州工业园区星湖街1号,{url}\n"
    )
    assert run_import("enterprises", write("e.csv", text)).ok
    company = Enterprise.objects.get(stock_code="600001")
    assert (company.zone, company.zone_basis, company.zone_method) == (world["jiangning"], "source", "")
    load(write, rows(world["source"]))  # a later file without zone codes keeps the stated link
    assert Enterprise.objects.get(stock_code="600001").zone == world["jiangning"]


def test_chinese_address_header_is_accepted(world, write):
    text = "企业名称,证券代码,注册地址\n甲公司,600001,江苏省苏州工业园区星湖街328号\n"
    assert run_import("enterprises", write("e.csv", text)).ok
    assert Enterprise.objects.get(stock_code="600001").zone == world["sip"]


def test_match_zones_command(world, hefei, tmp_path):
    infile, outfile = tmp_path / "in.csv", tmp_path / "out.csv"
    infile.write_text(
        "id,address,province\n1,安徽省合肥市高新区望江西路666号,\n2,西安市雁塔区高新北六道15号,\n3,苏州工业园区,浙江省\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("match_zones", str(infile), str(outfile), stdout=out)
    got = list(csv.DictReader(outfile.open(encoding="utf-8")))
    assert [(r["id"], r["zone_code"], r["method"], r["matched_text"]) for r in got] == [
        ("1", "34103001", "alias", "合肥市高新区"),
        ("2", "", "", ""),
        ("3", "", "", ""),  # the province says Zhejiang: Suzhou Industrial Park is not there
    ]
    assert "3 addresses, 1 name a zone" in out.getvalue()


def test_match_zones_refuses_a_file_without_an_address_column(world, tmp_path):
    from django.core.management import CommandError

    infile = tmp_path / "in.csv"
    infile.write_text("id,addr\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no `address` column"):
        call_command("match_zones", str(infile), str(tmp_path / "out.csv"))
