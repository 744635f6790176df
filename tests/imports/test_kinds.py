"""run_import for every kind: the right rows, links and slugs, matching rules, and idempotent re-imports."""

import datetime as dt
from decimal import Decimal

import pytest

from enterprises.models import Enterprise
from imports.engine import run_import
from imports.models import ImportBatch, ImportChange
from policies.models import Measure, PolicyDocument
from tests.factories import EnterpriseFactory, valid_credit_code
from zones.models import Industry, Prefecture, Province, Source, Zone, ZoneStatistic

pytestmark = pytest.mark.django_db


def counts(result):
    return (result.created, result.updated, result.unchanged, [str(e) for e in result.errors])


def test_sources_insert_then_update_then_unchanged(write):
    path = write(
        "s.csv", "url,title,publisher,published\nhttps://example.org/a,Article A,Xinhua,2024-05-01\n"
    )
    assert counts(run_import("sources", path)) == (1, 0, 0, [])
    source = Source.objects.get(url="https://example.org/a")
    assert (source.title, source.published) == ("Article A", dt.date(2024, 5, 1))
    path = write("s.csv", "url,title\nhttps://example.org/a,Article A (revised)\n")
    assert counts(run_import("sources", path)) == (0, 1, 0, [])
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("Article A (revised)", "Xinhua")  # absent column kept
    assert counts(run_import("sources", path)) == (0, 0, 1, [])


def test_provinces_and_prefectures_derive_what_is_missing(write):
    run_import("provinces", write("p.csv", "code,name_zh,longitude,latitude\n32,江苏省,118.76,32.06\n"))
    jiangsu = Province.objects.get(code="32")
    assert (jiangsu.name_en, jiangsu.slug) == ("Jiangsu", "jiangsu")
    result = run_import("prefectures", write("f.csv", "code,name_zh\n3205,苏州市\n"))
    assert counts(result) == (1, 0, 0, [])
    suzhou = Prefecture.objects.get(code="3205")
    assert (suzhou.province, suzhou.name_en) == (jiangsu, "Suzhou")  # province from the code's first digits


def test_industries_link_parents_named_later_in_the_same_file(write):
    text = (
        "scheme,code,name_zh,name_en,parent_code\n"
        "gbt4754,3911,计算机整机制造,,391\n"
        "gbt4754,391,计算机制造,,39\n"
        "gbt4754,39,计算机、通信和其他电子设备制造业,,C\n"
        "gbt4754,C,制造业,Manufacturing,\n"
    )
    result = run_import("industries", write("i.csv", text))
    assert counts(result) == (4, 0, 0, [])
    leaf = Industry.objects.get(scheme="gbt4754", code="3911")
    assert (leaf.parent.code, leaf.parent.parent.code, leaf.parent.parent.parent.code) == ("391", "39", "C")
    assert (leaf.level, leaf.slug) == (4, "gbt4754-3911")
    assert counts(run_import("industries", write("i.csv", text))) == (0, 0, 4, [])


def test_industries_unknown_parent_is_an_error(write):
    result = run_import(
        "industries", write("i.csv", "scheme,code,name_zh,parent_code\nsei2018,9.9,某产业,9\n")
    )
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "parent_code", "9")]
    assert not Industry.objects.exists()


def test_zones_resolve_province_names_industries_and_derive_names(world, write):
    text = (
        "code,name_zh,kind,province,approved,industries,source_url\n"
        "32101099,苏州工业园区,etdz,江苏,1994-02,1;gbt4754:39;C,https://example.org/new-source\n"
    )
    result = run_import("zones", write("z.csv", text))
    assert counts(result) == (1, 0, 0, [])
    zone = Zone.objects.get(code="32101099")
    assert zone.province == world["jiangsu"]
    assert (zone.level, zone.approved, zone.approved_precision) == ("national", dt.date(1994, 2, 1), "month")
    # "1" is the SEI code (SEI first), gbt4754:39 forced, "C" only exists in GB/T.
    assert set(zone.industries.all()) == {world["sei1"], world["gbt39"], world["gbt_c"]}
    assert (zone.name_en, zone.name_en_derived) == ("Suzhou Industrial Park", True)
    # The slug suzhou-industrial-park is taken by the fixture's zone: the code makes it unique.
    assert zone.slug == "suzhou-industrial-park-32101099"
    assert zone.sources.get().url == "https://example.org/new-source"  # unknown URL → bare source


def test_zone_update_keeps_slug_and_records_previous_values(world, write):
    sip = world["sip"]
    sip.industries.set([world["sei1"]])
    text = "code,name_zh,name_en,kind,province,industries\n32101004,苏州工业园区,SIP renamed,etdz,32,1.1\n"
    result = run_import("zones", write("z.csv", text))
    assert counts(result) == (0, 1, 0, [])
    sip.refresh_from_db()
    assert (sip.name_en, sip.slug) == ("SIP renamed", "suzhou-industrial-park")
    assert list(sip.industries.all()) == [world["sei11"]]
    change = ImportChange.objects.get(batch=result.batch)
    assert change.before == {"name_en": "Suzhou Industrial Park", "industries": [world["sei1"].pk]}
    assert sip.history.first().history_change_reason == f"import batch {result.batch.pk}"


def test_statistics_national_and_per_zone(world, write):
    text = (
        "zone_code,year,indicator,value,unit,qualifier,source_url\n"
        ",2024,gdp,16.9,trillion yuan,about,https://example.org/gbt-37028\n"
        '32101004,2023,gdp,"3,686.5",100 million yuan,,https://example.org/gbt-37028\n'
    )
    assert counts(run_import("statistics", write("s.csv", text))) == (2, 0, 0, [])
    national = ZoneStatistic.objects.get(zone=None)
    assert (national.value, national.qualifier, national.source) == (
        Decimal("16.9"),
        "about",
        world["source"],
    )
    assert ZoneStatistic.objects.get(zone=world["sip"]).value == Decimal("3686.5")
    assert counts(run_import("statistics", write("s.csv", text))) == (0, 0, 2, [])


def test_enterprises_match_by_credit_code_then_stock_code_then_name(world, write):
    by_credit = EnterpriseFactory(credit_code=valid_credit_code(1), stock_code=None, name_zh="甲公司")
    by_stock = EnterpriseFactory(credit_code=None, stock_code="688001", name_zh="乙公司")
    by_name = EnterpriseFactory(credit_code=None, stock_code=None, name_zh="丙公司")
    text = (
        "name_zh,name_en,credit_code,stock_code,zone_code,industries,founded,high_tech\n"
        f"甲公司（新名）,A Co,{valid_credit_code(1)},,32101004,1,2001-05-06,是\n"
        f"乙公司,B Co,{valid_credit_code(2)},688001,32101009,,,\n"
        "丙公司,C Co,,,,,,否\n"
        f"丁公司,,{valid_credit_code(4)},,,39,,\n"
        "戊公司,E Co,,600519,,,,\n"
    )
    result = run_import("enterprises", write("e.csv", text))
    assert counts(result) == (2, 3, 0, [])
    by_credit.refresh_from_db()
    assert (by_credit.name_zh, by_credit.zone, by_credit.high_tech) == ("甲公司（新名）", world["sip"], True)
    assert by_credit.founded == dt.date(2001, 5, 6)
    by_stock.refresh_from_db()
    assert (by_stock.credit_code, by_stock.zone) == (valid_credit_code(2), world["jiangning"])
    by_name.refresh_from_db()
    assert (by_name.name_en, by_name.high_tech) == ("C Co", False)
    new = Enterprise.objects.get(name_zh="丁公司")
    assert list(new.industries.all()) == [world["gbt39"]]
    assert new.slug == valid_credit_code(4).lower()  # no English name, no stock code: the credit code
    assert Enterprise.objects.get(stock_code="600519").slug == "600519-e-co"
    assert counts(run_import("enterprises", write("e.csv", text))) == (0, 0, 5, [])


def test_policies_documents_measures_and_links(world, write):
    text = (
        "slug,title_en,issuer,document_number,issued,measure_position,measure_category,measure_text,"
        "zone_kinds,zone_codes,industries,source_url\n"
        "gbh-2024-83,Upgrading four zones,State Council,国办函〔2024〕83号,2024-10,1,designation,"
        "Four provincial zones become national ETDZs.,etdz,32101004;32101009,,https://example.org/gbt-37028\n"
        "gbh-2024-83,Upgrading four zones,State Council,国办函〔2024〕83号,2024-10,2,upgrading,"
        "Grow advanced manufacturing.,etdz;high-tech,,1;39,https://example.org/gbt-37028\n"
    )
    assert counts(run_import("policies", write("p.csv", text))) == (2, 0, 0, [])
    document = PolicyDocument.objects.get(slug="gbh-2024-83")
    assert (document.issued_display, document.document_number) == ("2024-10", "国办函〔2024〕83号")
    first, second = Measure.objects.filter(document=document).order_by("position")
    assert set(first.zones.all()) == {world["sip"], world["jiangning"]}
    assert second.zone_kind_list == ["etdz", "high-tech"]
    assert set(second.industries.all()) == {world["sei1"], world["gbt39"]}
    assert counts(run_import("policies", write("p.csv", text))) == (0, 0, 2, [])
    changed = text.replace("Grow advanced manufacturing.", "Grow advanced manufacturing and services.")
    assert counts(run_import("policies", write("p.csv", changed))) == (0, 1, 1, [])


def test_dry_run_counts_and_previews_without_writing(world, write):
    text = "code,name_zh,name_en,kind,province\n32101004,苏州工业园区,SIP,etdz,32\n32101050,新区,,etdz,32\n"
    result = run_import("zones", write("z.csv", text), dry_run=True)
    assert counts(result) == (1, 1, 0, [])
    assert result.batch is None
    update = next(p for p in result.preview if p.action == "update")
    assert (update.row, update.key, update.diff) == (
        2,
        "32101004",
        {"name_en": ("Suzhou Industrial Park", "SIP")},
    )
    assert not Zone.objects.filter(code="32101050").exists()
    assert not ImportBatch.objects.exists()


def test_batch_records_who_what_and_file_hash(world, write, django_user_model):
    import hashlib

    user = django_user_model.objects.create_superuser("ana", "ana@example.org", "pw")
    path = write("z.csv", "code,name_zh,kind,province\n32101051,新区,etdz,32\n")
    result = run_import("zones", path, user=user)
    batch = result.batch
    assert (batch.user, batch.kind, batch.file_name, batch.status) == (user, "zones", "z.csv", "imported")
    assert batch.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 0, 0)
    zone = Zone.objects.get(code="32101051")
    assert ImportChange.objects.get(batch=batch).object_pk == str(zone.pk)
    assert zone.history.get().history_user == user


def test_allow_partial_writes_the_good_rows_and_reports_the_bad(world, write):
    text = f"name_zh,credit_code\n好公司,{valid_credit_code(40)}\n坏公司,123\n"
    result = run_import("enterprises", write("e.csv", text), allow_partial=True)
    assert (result.created, [e.row for e in result.errors]) == (1, [3])
    assert result.batch.status == ImportBatch.Status.IMPORTED and result.batch.error_count == 1
    assert Enterprise.objects.filter(name_zh="好公司").exists()


def test_xlsx_sheet_choice_and_progress(world, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "notes"
    workbook.active.append(["nothing to see"])
    sheet = workbook.create_sheet("data")
    sheet.append(["code", "name_zh", "kind", "province", "approved"])
    sheet.append(["32101080", "新区", "etdz", 32, dt.datetime(2010, 5, 1)])
    path = tmp_path / "z.xlsx"
    workbook.save(path)
    seen = []
    result = run_import("zones", path, sheet="data", progress=lambda done, total: seen.append((done, total)))
    assert result.ok, [str(e) for e in result.errors]
    assert Zone.objects.get(code="32101080").approved == dt.date(2010, 5, 1)
    assert seen[-1] == (1, 1)
    result = run_import("zones", path, sheet="missing")
    assert [str(e) for e in result.errors] == [
        "z.xlsx: there is no sheet 'missing'; the sheets are: notes, data"
    ]


def test_dry_run_preview_shows_links_as_codes(world, write):
    company = EnterpriseFactory(credit_code=valid_credit_code(50), zone=world["sip"])
    company.industries.set([world["sei1"]])
    text = (
        f"name_zh,credit_code,zone_code,industries\n{company.name_zh},{company.credit_code},32101009,1;39\n"
    )
    result = run_import("enterprises", write("e.csv", text), dry_run=True)
    assert [(p.row, p.action, p.diff) for p in result.preview] == [
        (
            2,
            "update",
            {
                "zone_code": ("32101004", "32101009"),
                "province": (company.province.code, "32"),  # follows the zone when the file has none
                "zone_basis": ("", "source"),  # the file states the link (not derived from an address)
                "industries": ("1", "1;gbt4754:39"),
            },
        )
    ]


def test_stock_codes_that_lost_their_zeros_are_padded(world, write):
    result = run_import("enterprises", write("e.csv", "name_zh,stock_code\n平安银行股份有限公司,1\n"))
    assert result.ok and Enterprise.objects.get().stock_code == "000001"


def test_policy_rows_must_agree_on_their_document(world, write):
    text = (
        "slug,title_en,issuer,measure_position,measure_category,measure_text\n"
        "plan,Plan,MOFCOM,1,tax,Lower taxes.\n"
        "plan,Plan,State Council,2,talent,Attract talent.\n"
    )
    result = run_import("policies", write("p.csv", text))
    assert [str(e) for e in result.errors] == [
        "p.csv, row 3, column slug: 'plan' has document columns (issuer) that differ from row 2"
    ]
    assert not PolicyDocument.objects.exists()


def test_json_lists_and_english_province_names(world, write):
    import json

    rows = [
        {
            "code": "32101090",
            "name_zh": "新区",
            "kind": "high-tech",
            "province": "Jiangsu",
            "industries": ["1.1", "39"],
        }
    ]
    result = run_import("zones", write("z.json", json.dumps(rows, ensure_ascii=False)))
    assert result.ok, [str(e) for e in result.errors]
    zone = Zone.objects.get(code="32101090")
    assert zone.province == world["jiangsu"]
    assert set(zone.industries.all()) == {world["sei11"], world["gbt39"]}


def test_enterprise_province_comes_from_its_zone_and_must_agree(world, write):
    text = f"name_zh,credit_code,zone_code\n甲,{valid_credit_code(60)},32101004\n"
    assert run_import("enterprises", write("e.csv", text)).ok
    assert Enterprise.objects.get(credit_code=valid_credit_code(60)).province == world["jiangsu"]
    text = f"name_zh,credit_code,zone_code,province\n乙,{valid_credit_code(61)},32101004,33\n"
    result = run_import("enterprises", write("e.csv", text))
    assert [str(e) for e in result.errors] == [
        "e.csv, row 2, column province: '33' does not match the zone 32101004, which is in province 32"
    ]


def test_a_repeated_cell_is_parsed_once_but_every_bad_one_is_reported(world, write):
    """Columns whose cells recur (zone, dates, board…) are parsed once per distinct cell; a cell that fails
    is not remembered, so each row holding it gets its own error."""
    text = "name_zh,credit_code,zone_code,founded\n" + "".join(
        f"公司{i},{valid_credit_code(10 + i)},{zone},{founded}\n"
        for i, (zone, founded) in enumerate(
            [("32101004", "1997"), ("32101004", "1997"), ("99999999", "1997"), ("99999999", "1997年13月")]
        )
    )
    result = run_import("enterprises", write("e.csv", text), dry_run=True)
    assert sorted((e.row, e.column) for e in result.errors) == [
        (4, "zone_code"),
        (5, "founded"),
        (5, "zone_code"),
    ]
    header_and_good_rows = "\n".join(text.split("\n")[:3]) + "\n"
    assert counts(run_import("enterprises", write("ok.csv", header_and_good_rows))) == (2, 0, 0, [])
    written = Enterprise.objects.filter(name_zh__in=["公司0", "公司1"]).order_by("name_zh")
    assert list(written.values_list("zone", "founded")) == [
        (world["sip"].pk, dt.date(1997, 1, 1)),
        (world["sip"].pk, dt.date(1997, 1, 1)),
    ]
