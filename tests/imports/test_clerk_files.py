"""Issue 8: files as clerks bring them (year-only dates, the exchange's own list, several sheets) and
hostile files (millions of rows, a 100 MB cell, nested JSON, NUL bytes): each accepted or refused with a
clear message, every error at once, nothing written by a refused file, within the limits."""

import datetime as dt
import io
import re
import threading
import warnings

import pytest
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook

from enterprises.models import Enterprise
from imports.engine import run_import
from imports.exporting import write_export
from imports.models import ImportBatch
from tests.factories import EnterpriseFactory, IndustryFactory, ProvinceFactory, valid_credit_code

from . import hostile
from .state import db_state

pytestmark = pytest.mark.django_db


def _errors(result) -> list[str]:
    return [str(e) for e in result.errors]


def _xlsx(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------ 1. dates as people write them
ACCEPTED_DATES = [
    ("1992", dt.date(1992, 1, 1), "year", "1992"),
    ("1997-03", dt.date(1997, 3, 1), "month", "1997-03"),
    ("1997-03-05", dt.date(1997, 3, 5), "day", "1997-03-05"),
    ("1997/3/5", dt.date(1997, 3, 5), "day", "1997-03-05"),
    ("1997.03", dt.date(1997, 3, 1), "month", "1997-03"),
    ("1997年3月", dt.date(1997, 3, 1), "month", "1997-03"),
    ("1997年3月5日", dt.date(1997, 3, 5), "day", "1997-03-05"),
    ("1997年", dt.date(1997, 1, 1), "year", "1997"),
]


@pytest.mark.parametrize(("cell", "date", "precision", "shown"), ACCEPTED_DATES)
def test_founded_and_listed_accept_the_forms_clerks_write(world, write, cell, date, precision, shown):
    text = f"name_zh,credit_code,founded,listed\n日期公司,{valid_credit_code(501)},{cell},{cell}\n"
    result = run_import("enterprises", write("e.csv", text))
    assert _errors(result) == []
    company = Enterprise.objects.get()
    assert (company.founded, company.founded_precision) == (date, precision)
    assert (company.listed, company.listed_precision) == (date, precision)
    assert (company.founded_display, company.listed_display) == (shown, shown)
    # Exported at its precision, re-imported unchanged.
    path = write("again.csv", "")
    write_export("enterprises", path)
    assert run_import("enterprises", path).unchanged == 1


def test_numeric_years_and_real_date_cells_in_xlsx(world, tmp_path, client):
    path = _xlsx(
        tmp_path / "e.xlsx",
        {
            "企业": [
                ["名称", "统一社会信用代码", "成立日期", "上市日期"],
                ["年份公司", valid_credit_code(502), 1992, dt.datetime(2001, 5, 6)],
            ]
        },
    )
    result = run_import("enterprises", path)
    assert _errors(result) == []
    company = Enterprise.objects.get()
    assert (company.founded_display, company.listed_display) == ("1992", "2001-05-06")
    page = client.get(company.get_absolute_url()).content.decode()
    assert "<dd>1992</dd>" in page and "1992-01-01" not in page  # shown at its precision


def test_other_text_names_the_accepted_forms_and_a_bad_year_says_so(world, write):
    text = "name_zh,founded,listed\n甲,sometime,\n乙,1700,1985\n"
    result = run_import("enterprises", write("e.csv", text))
    next_year = dt.date.today().year + 1
    assert _errors(result) == [
        "e.csv, row 2, column founded: 'sometime' is not a date; write 1997, 1997-03, 1997-03-05, "
        "1997/3/5, 1997.03, 1997年3月 or 1997年3月5日",
        f"e.csv, row 3, column founded: '1700' has the year 1700, out of range; expected 1800–{next_year}",
        f"e.csv, row 3, column listed: '1985' has the year 1985, out of range; expected 1990–{next_year}",
    ]
    assert not Enterprise.objects.exists()


# ------------------------------------------------------------------ 2. readers during a write (SQLite)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock problem is SQLite's")
def test_sqlite_readers_keep_reading_while_an_import_writes(tmp_path, settings):
    """Two connections to one database file, opened with the project's settings: while one holds a long
    write transaction (an import's), the other reads, again and again, without 'database is locked'."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    base = {**connection.settings_dict, "NAME": str(tmp_path / "atlas.sqlite3")}
    writer = DatabaseWrapper(dict(base), "writer")
    with writer.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE company (id INTEGER PRIMARY KEY, name TEXT)")
        cursor.execute("INSERT INTO company (name) VALUES ('before')")
    seen, failures, writing = [], [], threading.Event()

    def read():
        writing.wait()
        reader = DatabaseWrapper(dict(base), "reader")  # a connection of its own, as a page has
        try:
            for _ in range(20):
                with reader.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM company")
                    seen.append(cursor.fetchone()[0])
        except Exception as exc:  # what pages raised before: OperationalError, database is locked
            failures.append(exc)
        finally:
            reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    with writer.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        # Enough rows to spill the page cache: in the old journal mode this locked every reader out.
        cursor.executemany(
            "INSERT INTO company (name) VALUES (?)", [(f"row {i}" * 20,) for i in range(60_000)]
        )
        writing.set()
        thread.join(timeout=30)
        cursor.execute("COMMIT")
    writer.close()
    assert failures == [] and seen == [1] * 20  # the last committed state, every time


# ------------------------------------------------------------------ 3. limits, while streaming
def test_millions_of_identical_rows_stop_at_the_row_limit(world, tmp_path, settings):
    settings.ATLAS_IMPORT_MAX_ROWS = 5_000
    settings.ATLAS_IMPORT_MAX_ERRORS = 100_000
    path = hostile.identical_rows_xlsx(tmp_path / "rows.xlsx", 50_000)
    before = db_state()
    result = run_import("enterprises", path)
    assert str(result.errors[-1]) == (
        "rows.xlsx: the file has more than 5,000 data rows (ATLAS_IMPORT_MAX_ROWS); split it into "
        "smaller files"
    )
    assert result.rows <= 5_000 and db_state() == before


def test_errors_stop_at_the_cap_and_are_all_kept(world, tmp_path, settings):
    settings.ATLAS_IMPORT_MAX_ERRORS = 50
    path = hostile.identical_rows_xlsx(tmp_path / "rows.xlsx", 3_000)
    result = run_import("enterprises", path)
    assert len(result.errors) == 51
    assert str(result.errors[-1]).startswith("rows.xlsx: checking stopped at row 52 after 50 errors")
    assert result.batch.status == ImportBatch.Status.FAILED and result.batch.error_count == 51
    assert not Enterprise.objects.exists()


def test_a_huge_shared_string_is_refused_before_it_is_read(world, tmp_path, settings):
    settings.ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES = 1 << 20
    path = hostile.shared_string_xlsx(tmp_path / "big.xlsx", 3 << 20)
    result = run_import("enterprises", path)
    [error] = _errors(result)
    assert error.startswith("big.xlsx: the spreadsheet's text table (sharedStrings.xml) unpacks to 3 MiB")
    assert "AAAA" not in error and len(result.batch.errors[0]["message"]) < 300


def test_a_zip_bomb_is_refused_by_its_unpacked_size(world, tmp_path, settings):
    settings.ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES = 4 << 20
    path = hostile.zip_bomb_xlsx(tmp_path / "bomb.xlsx", 8 << 20)
    assert path.stat().st_size < 100_000
    [error] = _errors(run_import("enterprises", path))
    assert "the spreadsheet unpacks to 8 MiB; at most 4 MiB is read" in error


def test_a_cell_over_the_limit_is_an_error_naming_its_size_not_its_text(world, write):
    text = f"name_zh,description\n长描述公司,{'长' * 40_000}\n"
    result = run_import("enterprises", write("e.csv", text))
    assert _errors(result) == [
        "e.csv, row 2, column description: holds 40,000 characters; a cell may hold at most 32,767"
    ]


def test_echoed_values_are_cut_everywhere(world, write):
    long_code = "9" * 5_000
    result = run_import("enterprises", write("e.csv", f"name_zh,zone_code\n甲,{long_code}\n"))
    [error] = result.errors
    assert len(str(error)) < 400 and "(5,000 characters)" in str(error)
    assert len(result.batch.errors[0]["value"]) < 250  # the failed batch record too


def test_an_xlsx_cell_far_over_the_limit_is_refused_before_openpyxl_builds_it(world, tmp_path, settings):
    settings.ATLAS_IMPORT_MAX_CELL_CHARS = 1_000
    path = hostile.inline_string_xlsx(tmp_path / "inline.xlsx", 10_000)
    [error] = _errors(run_import("enterprises", path))
    assert error == (
        "inline.xlsx: the sheet holds a cell longer than 1,000 characters (ATLAS_IMPORT_MAX_CELL_CHARS); "
        "no column takes that much text"
    )


def test_a_sheet_whose_dimension_is_too_small_is_read_whole(world, tmp_path):
    """Some exporters write a wrong <dimension>; openpyxl would stop there and drop rows silently."""
    rows = [["name_zh", "credit_code"]] + [[f"维度公司{n}", valid_credit_code(520 + n)] for n in range(5)]
    path = hostile.write_xlsx(tmp_path / "dim.xlsx", {"Sheet1": rows}, dimension="A1:B2")
    result = run_import("enterprises", path)
    assert _errors(result) == [] and result.created == 5


def test_too_many_columns(world, write, settings):
    settings.ATLAS_IMPORT_MAX_COLUMNS = 10
    header = ",".join(["name_zh"] + [f"extra{i}" for i in range(20)])
    [error] = _errors(run_import("enterprises", write("e.csv", header + "\n甲\n")))
    assert error == "e.csv: the file has 21 columns; at most 10 are read (ATLAS_IMPORT_MAX_COLUMNS)"


# ------------------------------------------------------------------ 4. JSON
def test_deeply_nested_json_is_refused_clearly(world, tmp_path):
    result = run_import("enterprises", hostile.nested_json(tmp_path / "deep.json", 200_000))
    assert _errors(result) == [
        "deep.json: the JSON is nested too deeply; a file is a list of flat objects, one per row"
    ]


def test_a_json_object_as_a_cell_is_an_error_not_a_python_repr(world, tmp_path):
    result = run_import("enterprises", hostile.object_cell_json(tmp_path / "e.json"))
    assert _errors(result) == [
        "e.json, row 2, column description: holds a JSON object or nested list; a cell is text, a number, "
        "true/false or a list of those"
    ]
    assert not Enterprise.objects.exists()


# ------------------------------------------------------------------ 5. sheets
def test_the_only_sheet_with_the_header_is_read_and_the_others_named(world, tmp_path):
    path = _xlsx(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表为企业名单"]],
            "企业": [["名称", "统一社会信用代码"], ["表二公司", valid_credit_code(503)]],
        },
    )
    result = run_import("enterprises", path)
    assert _errors(result) == [] and result.created == 1 and result.sheet == "企业"
    assert (
        result.warnings[0] == "read the sheet '企业', the only one with this kind's header; not read: '说明'"
    )


def test_several_fitting_sheets_need_a_choice(world, tmp_path):
    header = ["name_zh", "credit_code"]
    path = _xlsx(
        tmp_path / "book.xlsx",
        {
            "2023": [header, ["旧公司", valid_credit_code(504)]],
            "2024": [header, ["新公司", valid_credit_code(505)]],
        },
    )
    [error] = _errors(run_import("enterprises", path))
    assert "the workbook has 2 sheets (2023, 2024) and several have this kind's header" in error
    assert "--sheet" in error and "sheet picker" in error
    call_command("import_atlas", "enterprises", str(path), "--sheet", "2024", stdout=io.StringIO())
    assert list(Enterprise.objects.values_list("name_zh", flat=True)) == ["新公司"]


# ------------------------------------------------------------------ 6. every check on every row
def test_a_duplicate_key_is_reported_even_when_the_row_has_another_error(world, write):
    code = valid_credit_code(506)
    text = f"name_zh,credit_code,founded\n甲,{code},2001\n乙,{code},not a date\n"
    errors = _errors(run_import("enterprises", write("e.csv", text)))
    assert errors[0].startswith("e.csv, row 3, column founded: 'not a date' is not a date")
    assert (
        errors[1]
        == f"e.csv, row 3, column credit_code: '{code}' repeats row 2 (the key must be unique in a file)"
    )


# ------------------------------------------------------------------ 7. the preview shows new rows
def test_the_preview_shows_a_new_rows_values(world, write):
    text = f"name_zh,credit_code,zone_code,founded\n新公司,{valid_credit_code(507)},32101004,1992\n"
    result = run_import("enterprises", write("e.csv", text), dry_run=True)
    [change] = result.preview
    assert change.action == "new"
    assert change.diff["name_zh"] == ("", "新公司") and change.diff["zone_code"] == ("", "32101004")
    assert change.diff["founded"] == ("", "1992") and "founded_precision" not in change.diff


# ------------------------------------------------------------------ 8. smaller defects
def test_csv_export_starts_with_a_bom(world, tmp_path):
    EnterpriseFactory(name_zh="导出公司")
    path = tmp_path / "e.csv"
    write_export("enterprises", path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_stored_apostrophe_formula_round_trips_and_fresh_input_is_not_altered_silently(
    world, write, tmp_path
):
    EnterpriseFactory(name_zh="撇号公司", credit_code=valid_credit_code(508), description="'=1+1")
    path = tmp_path / "e.csv"
    write_export("enterprises", path)
    assert "''=1+1" in path.read_text(encoding="utf-8-sig")
    again = run_import("enterprises", path)
    assert (again.updated, again.unchanged) == (0, 1)
    fresh = run_import("enterprises", write("f.csv", "name_zh,description\n新撇号公司,'=2+2\n"))
    assert fresh.ok and Enterprise.objects.get(name_zh="新撇号公司").description == "=2+2"
    assert "1 row(s) have a cell beginning with an apostrophe" in fresh.warnings[0]
    assert "(first in row 2)" in fresh.warnings[0]


def test_a_nul_byte_names_its_row(world, tmp_path):
    [error] = _errors(run_import("enterprises", hostile.nul_csv(tmp_path / "nul.csv")))
    assert error.startswith("nul.csv, row 3: holds a NUL byte (byte ")
    assert "binary or UTF-16" in error


def test_a_misencoded_csv_is_refused_without_naming_a_command_line_option(world, tmp_path):
    [error] = _errors(run_import("enterprises", hostile.misencoded_csv(tmp_path / "latin.csv")))
    assert error.startswith("latin.csv: the file is not text in UTF-8 or GB18030/GBK")
    assert "--encoding" not in error


def test_an_unknown_industry_shows_its_value_once(world, write):
    [error] = _errors(run_import("enterprises", write("e.csv", "name_zh,industries\n甲,99.99\n")))
    assert error.count("99.99") == 1


def test_scope_errors_name_the_zone_column_and_the_zone(world, write, django_user_model):
    from django.contrib.auth.models import Group

    from atlas.roles import ZONE_EDITORS

    editor = django_user_model.objects.create_user("sip-only", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name=ZONE_EDITORS)[0])
    world["sip"].editors.add(editor)
    text = f"name_zh,credit_code,zone_code\n外区公司,{valid_credit_code(509)},32101009\n"
    [error] = _errors(run_import("enterprises", write("e.csv", text), user=editor))
    assert error.startswith(
        "e.csv, row 2, column zone_code: '32101009' touches a zone you do not edit (32101009)"
    )


# ------------------------------------------------------------------ 9. the exchange's list as published
SZSE_HEADER = [
    "板块", "公司全称", "英文名称", "注册地址", "A股代码", "A股简称", "A股上市日期", "A股总股本",
    "A股流通股本", "B股代码", "B股 简 称", "B股上市日期", "B股总股本", "B股流通股本",
    "地      区", "省    份", "城     市",
    "所属行业", "公司网址", "未盈利", "具有表决权差异安排", "具有协议控制架构",
]  # fmt: skip


def _szse_row(board, name, english, code, short, listed, industry, website):
    return [
        board, name, english, "广东省深圳市某区某路1号", code, short, listed, "19,405,918,198",
        "19,405,600,653", "", "", "", "0", "0", "华南", "广东", "深圳市", industry, website, "-", "-", "-",
    ]  # fmt: skip


def test_the_shenzhen_exchange_list_as_published_updates_the_companies_it_names(world, tmp_path):
    guangdong = ProvinceFactory(code="44", name_zh="广东省", name_en="Guangdong", slug="guangdong")
    finance = IndustryFactory(scheme="gbt4754", code="J", name_zh="金融业", slug="gbt4754-j")
    IndustryFactory(scheme="gbt4754", code="K", name_zh="房地产业", slug="gbt4754-k")
    bank = EnterpriseFactory(name_zh="平安银行", stock_code="000001", credit_code=valid_credit_code(510))
    vanke = EnterpriseFactory(name_zh="万科企业股份有限公司", stock_code="000002")
    battery = EnterpriseFactory(name_zh="宁德时代", stock_code="300750")
    path = _xlsx(
        tmp_path / "A股列表.xlsx",
        {
            "A股列表": [
                SZSE_HEADER,
                _szse_row("主板", "平安银行股份有限公司", "Ping An Bank Co., Ltd.", "000001", "平安银行",
                          "1991-04-03", "J 金融业", "bank.pingan.com"),
                _szse_row("主板", "万科企业股份有限公司", "CHINA VANKE CO., LTD.", "000002", "万  科Ａ",
                          "1991-01-29", "K 房地产", "www.vanke.com"),
                _szse_row("创业板", "宁德时代新能源科技股份有限公司", "Contemporary Amperex Technology",
                          "300750", "宁德时代", "2018-06-11", "C 制造业", "www.catl.com"),
            ]
        },
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_import("enterprises", path)
    assert [str(w.message) for w in caught if "openpyxl" in w.filename] == []
    assert _errors(result) == [], _errors(result)
    assert (result.created, result.updated) == (0, 3)  # matched by stock code; none created
    ignored = result.warnings[0]
    assert ignored == (
        "12 column(s) will be ignored (not columns of enterprises): A股总股本, A股流通股本, "
        "B股代码, B股 简 称, B股上市日期, B股总股本, B股流通股本, 地      区, 城     市, 未盈利, "
        "具有表决权差异安排, 具有协议控制架构"
    )
    bank.refresh_from_db()
    assert (bank.name_zh, bank.name_en, bank.board, bank.listed_display) == (
        "平安银行股份有限公司", "Ping An Bank Co., Ltd.", "szse-main", "1991-04-03"
    )  # fmt: skip
    assert (bank.province, bank.website, bank.credit_code) == (
        guangdong,
        "http://bank.pingan.com",
        bank.credit_code,
    )
    assert list(bank.industries.all()) == [finance]
    vanke.refresh_from_db()
    battery.refresh_from_db()
    assert (vanke.board, battery.board, battery.short_name) == ("szse-main", "chinext", "宁德时代")
    assert vanke.short_name == "万科A"  # the exchange's padding (万  科Ａ) is not part of the name
    assert Enterprise.objects.count() == 3


def test_a_missing_required_column_names_the_columns_found_and_the_names_that_work(world, write):
    [error] = _errors(run_import("enterprises", write("e.csv", "企业名,统一社会信用代码\n甲,\n")))
    assert "missing required column(s): name_zh" in error
    assert "The file's columns are: 企业名, 统一社会信用代码." in error
    assert re.search(r"Headers read as name_zh: name_zh, 名称, .*企业名称", error)
    assert "'企业名' is closest" in error


def test_a_hand_mapping_reads_a_column_no_alias_knows(world, write):
    text = f"机构全名,代码\n映射公司,{valid_credit_code(511)}\n"
    result = run_import(
        "enterprises", write("e.csv", text), mapping={"机构全名": "name_zh", "代码": "credit_code"}
    )
    assert _errors(result) == [] and Enterprise.objects.get().name_zh == "映射公司"


def test_the_xlsx_reader_prints_no_style_warning(world, tmp_path):
    """Files from other tools often lack openpyxl's "default style": the warning must not reach the clerk."""
    import zipfile

    plain = _xlsx(tmp_path / "plain.xlsx", {"S": [["name_zh"], ["无样式公司"]]})
    buffer = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(buffer, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb"<cellStyles.*?</cellStyles>", b"", data, flags=re.S)
            out.writestr(info.filename, data)
    (tmp_path / "nostyle.xlsx").write_bytes(buffer.getvalue())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_import("enterprises", tmp_path / "nostyle.xlsx")
    assert result.ok and [str(w.message) for w in caught] == []
