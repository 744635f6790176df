"""Bad files: every error at once, each with file, row, column, value and what would be valid —
and the database exactly as it was (row counts and a value)."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from enterprises.models import Enterprise
from imports.engine import run_import
from imports.models import ImportBatch
from tests.factories import EnterpriseFactory, ProvinceFactory, ZoneFactory, valid_credit_code
from zones.models import Zone

from .state import db_state

pytestmark = pytest.mark.django_db

HEADER = "name_zh,credit_code,zone_code,industries,founded,listed,high_tech\n"


@pytest.fixture
def existing(world):
    """One enterprise whose values must survive every rejected file."""
    return EnterpriseFactory(
        name_zh="华兴源创", credit_code=valid_credit_code(7), zone=world["sip"], name_en="HYC"
    )


def rejected(kind, path, existing, **kwargs):
    """Run an import that must fail; check nothing changed; return the errors as strings."""
    before = db_state()
    result = run_import(kind, path, **kwargs)
    assert not result.ok
    assert db_state() == before
    existing.refresh_from_db()
    assert (existing.name_en, existing.zone.code) == ("HYC", "32101004")
    assert result.batch.status == ImportBatch.Status.FAILED
    assert result.batch.error_count == len(result.errors)
    return [str(e) for e in result.errors]


def test_empty_file(write, existing):
    assert rejected("enterprises", write("e.csv", ""), existing) == ["e.csv: the file is empty"]


def test_header_only(write, existing):
    errors = rejected("enterprises", write("e.csv", HEADER), existing)
    assert errors == ["e.csv: the file has a header but no data rows"]


def test_missing_required_column(write, existing):
    errors = rejected("enterprises", write("e.csv", "name_en,credit_code\nX,\n"), existing)
    assert errors == [
        "e.csv, row 1, column name_zh: missing required column(s): name_zh. The file's columns are: "
        "name_en, credit_code. Headers read as name_zh: name_zh, 名称, 中文名称, 企业名称, 公司名称, "
        "开发区名称, 公司全称, 公司中文名称, 企业全称, 纳税人名称, 单位名称."
    ]


def test_unknown_column_is_rejected_listing_valid_ones(write, existing):
    errors = rejected("enterprises", write("e.csv", "name_zh,zone_cod\n新公司,32101004\n"), existing)
    assert len(errors) == 1
    assert errors[0].startswith("e.csv, row 1, column zone_cod: 'zone_cod' is not a column of enterprises")
    assert "did you mean zone_code?" in errors[0]
    assert "Valid columns: name_zh, short_name, name_en, credit_code, stock_code" in errors[0]


def test_duplicate_keys_inside_the_file(write, existing):
    code = valid_credit_code(8)
    text = HEADER + f"甲,{code},,,,,\n乙,{code},,,,,\n丙,,,,,,\n丙,,,,,,\n"
    errors = rejected("enterprises", write("e.csv", text), existing)
    assert errors == [
        f"e.csv, row 3, column credit_code: '{code}' repeats row 2 (the key must be unique in a file)",
        "e.csv, row 5, column name_zh: '丙' repeats row 4 (the key must be unique in a file)",
    ]


def test_unknown_zone_province_and_industry_suggest_the_closest(write, existing):
    text = "name_zh,zone_code,province,industries\n新公司,32101099,江苏X,1;3Q\n"
    errors = rejected("enterprises", write("e.csv", text), existing)
    assert (
        errors[0] == "e.csv, row 2, column zone_code: '32101099' is not a known zone (GB/T 37028 code); "
        "did you mean 32101009?"
    )
    assert errors[1].startswith("e.csv, row 2, column province: '江苏X' is not a known province")
    assert "did you mean" in errors[1]
    assert errors[2].startswith("e.csv, row 2, column industries: '1;3Q' '3Q' names no known industry")
    assert len(errors) == 3


def test_zone_code_suggestion_stays_in_the_same_province_and_kind(write, existing):
    # 37201099 is closer as a string (one digit differs); 32101009 is the Jiangsu ETDZ meant.
    ZoneFactory(code="37201099", province=ProvinceFactory(code="37", slug="shandong"), slug="sd-zone")
    errors = rejected("enterprises", write("e.csv", "name_zh,zone_code\n新公司,32101099\n"), existing)
    assert errors == [
        "e.csv, row 2, column zone_code: '32101099' is not a known zone (GB/T 37028 code); "
        "did you mean 32101009?"
    ]


def test_invalid_credit_code_check_character(write, existing):
    good = valid_credit_code(9)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    errors = rejected("enterprises", write("e.csv", HEADER + f"新公司,{bad},,,,,\n"), existing)
    assert errors == [
        f"e.csv, row 2, column credit_code: '{bad}' is not a valid unified social credit code: "
        f"check character is {bad[-1]}, but the first 17 characters give {good[-1]}"
    ]


def test_malformed_dates_numbers_and_booleans(write, existing, world):
    errors = rejected(
        "enterprises", write("e.csv", HEADER + "新公司,,,,2020-13-01,yesterday,maybe\n"), existing
    )
    assert errors == [
        "e.csv, row 2, column founded: '2020-13-01' is not a real date (month must be in 1..12)",
        "e.csv, row 2, column listed: 'yesterday' is not a date; write 1997, 1997-03, 1997-03-05, 1997/3/5, "
        "1997.03, 1997年3月 or 1997年3月5日",
        "e.csv, row 2, column high_tech: 'maybe' is not a yes/no value (true/false, yes/no, 1/0, 是/否)",
    ]
    text = (
        "zone_code,year,indicator,value,source_url\n32101004,2023,gdp,12.3.4,https://example.org/gbt-37028\n"
    )
    errors = rejected("statistics", write("s.csv", text), existing)
    assert errors == [
        "s.csv, row 2, column value: '12.3.4' is not a number (use digits and a decimal point, e.g. 1234.5)"
    ]


def test_years_out_of_range(write, existing):
    next_year = dt.date.today().year + 1
    text = HEADER + "新公司,,,,1700-01-01,1985-01-01,\n"
    errors = rejected("enterprises", write("e.csv", text), existing)
    assert errors == [
        f"e.csv, row 2, column founded: '1700-01-01' has the year 1700, out of range; "
        f"expected 1800–{next_year}",
        f"e.csv, row 2, column listed: '1985-01-01' has the year 1985, out of range; "
        f"expected 1990–{next_year}",
    ]
    stats = f"zone_code,year,indicator,value,source_url\n,1900,gdp,1,https://e.org/x\n,{next_year + 1},gdp,1,https://e.org/x\n"
    errors = rejected("statistics", write("s.csv", stats), existing)
    assert errors == [
        f"s.csv, row 2, column year: '1900' is out of range; expected 1949–{next_year}",
        f"s.csv, row 3, column year: '{next_year + 1}' is out of range; expected 1949–{next_year}",
    ]
    zones = "code,name_zh,kind,province,approved\n32101077,新区,etdz,32,1930\n"
    errors = rejected("zones", write("z.csv", zones), existing)
    assert errors == [
        f"z.csv, row 2, column approved: '1930' has the year 1930, out of range; expected 1949–{next_year}"
    ]


def test_bytes_garbage(write, existing):
    errors = rejected("enterprises", write("e.csv", bytes(range(1, 256)) * 4), existing)
    assert len(errors) == 1
    assert errors[0].startswith(
        "e.csv: the file is not text in UTF-8 or GB18030/GBK (utf-8 fails at byte 127"
    )
    # The admin shows this message too: no command-line option in it.
    assert "--encoding" not in errors[0]
    assert errors[0].endswith("Save it as 'CSV UTF-8' or XLSX")


def test_wrong_encoding_given(write, existing):
    path = write("e.csv", "名称,统一社会信用代码\n新公司,\n", encoding="gb18030")
    errors = rejected("enterprises", path, existing, encoding="utf-8")
    assert errors == [
        "e.csv: the file is not valid utf-8 text (invalid continuation byte); save it as 'CSV UTF-8' or XLSX"
    ]


def test_gb18030_bom_and_chinese_headers_are_detected(write, world):
    text = (
        "名称,统一社会信用代码,所属开发区,行业,成立日期,高新技术企业\n"
        "苏州华兴源创科技股份有限公司,{},32101004,1,2005-06-15,是\n"
    )
    text = text.format(valid_credit_code(11))
    for encoding, name in (("gb18030", "gbk.csv"), ("utf-8-sig", "bom.csv")):
        result = run_import("enterprises", write(name, text, encoding=encoding))
        assert result.ok, result.errors
    hyc = Enterprise.objects.get(credit_code=valid_credit_code(11))
    assert (hyc.name_zh, hyc.zone, hyc.high_tech) == ("苏州华兴源创科技股份有限公司", world["sip"], True)


def test_xlsx_that_is_not_a_spreadsheet(write, existing):
    errors = rejected("enterprises", write("e.xlsx", HEADER + "x,,,,,,\n"), existing)
    assert errors == [
        "e.xlsx: the file is named .xlsx but is not an Excel spreadsheet; save it again as .xlsx"
    ]
    errors = rejected("enterprises", write("broken.xlsx", b"PK\x03\x04garbage"), existing)
    assert len(errors) == 1 and errors[0].startswith(
        "broken.xlsx: the file is not an Excel .xlsx spreadsheet"
    )


def test_file_over_the_size_limit(write, existing, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 100
    errors = rejected("enterprises", write("e.csv", HEADER + "新公司,,,,,,\n" * 10), existing)
    assert errors == [
        "e.csv: the file is larger than the limit of 100 bytes (ATLAS_IMPORT_MAX_BYTES); "
        "split it into smaller files"
    ]


def test_formulas_are_stored_as_text_and_neutralised_on_export(world, write):
    from imports.exporting import export_rows

    text = 'name_zh,credit_code,description\n新公司,{},"=HYPERLINK(""http://evil.example"",""click"")"\n'
    result = run_import("enterprises", write("e.csv", text.format(valid_credit_code(12))))
    assert result.ok, result.errors
    company = Enterprise.objects.get(credit_code=valid_credit_code(12))
    assert company.description == '=HYPERLINK("http://evil.example","click")'
    header, rows = export_rows("enterprises", Enterprise.objects.filter(pk=company.pk))
    row = dict(zip(header, next(rows), strict=True))
    assert row["description"] == '\'=HYPERLINK("http://evil.example","click")'


def test_xlsx_formula_cell_is_text(world, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name_zh", "credit_code", "description"])
    sheet.append(["新公司", valid_credit_code(13), '=HYPERLINK("http://evil.example","x")'])
    path = tmp_path / "e.xlsx"
    workbook.save(path)
    result = run_import("enterprises", path)
    assert result.ok, result.errors
    assert (
        Enterprise.objects.get(credit_code=valid_credit_code(13)).description
        == '=HYPERLINK("http://evil.example","x")'
    )


def test_every_error_is_reported_at_once_and_nothing_is_written(write, existing):
    text = HEADER + (
        f"好公司,{valid_credit_code(20)},32101004,1,,,\n"  # valid
        "坏公司1,123,,,,,\n"
        f"好公司2,{valid_credit_code(21)},,,,,\n"  # valid
        "坏公司2,,99999999,,,,\n"
    )
    errors = rejected("enterprises", write("e.csv", text), existing)
    assert [e.split(":")[0] for e in errors] == [
        "e.csv, row 3, column credit_code",
        "e.csv, row 5, column zone_code",
    ]
    assert not Enterprise.objects.filter(name_zh__startswith="好公司").exists()


def test_row_with_more_cells_than_header(write, existing):
    errors = rejected("enterprises", write("e.csv", "name_zh\n甲,多余\n"), existing)
    assert errors == ["e.csv, row 2: has 2 cells but the header has only 1 columns"]


def test_file_object_source(world):
    data = io.BytesIO(("name_zh,credit_code\n新公司," + valid_credit_code(30) + "\n").encode())
    result = run_import("enterprises", data, file_name="upload.csv")
    assert result.ok and result.batch.file_name == "upload.csv"
    assert Zone.objects.count() == 3
