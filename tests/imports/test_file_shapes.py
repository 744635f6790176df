"""Files as spreadsheets really produce them: blank header cells, a column named twice, blank lines,
short rows, big files with progress and a long preview."""

import pytest

from enterprises.models import Enterprise
from imports.engine import PREVIEW_LIMIT, run_import
from tests.factories import EnterpriseFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_blank_header_cells_blank_lines_and_short_rows_are_read_as_meant(world, write):
    text = (
        f"name_zh,,credit_code,name_en\n"
        f"甲公司,,{valid_credit_code(1)}\n"  # one cell short: name_en is empty
        ",,,\n"  # a blank line, as spreadsheets leave at the end
        f"乙公司,,{valid_credit_code(2)},Yi Co\n"
    )
    result = run_import("enterprises", write("e.csv", text))
    assert (result.created, result.errors) == (2, [])
    assert dict(Enterprise.objects.values_list("name_zh", "name_en")) == {"甲公司": "", "乙公司": "Yi Co"}


def test_a_column_named_twice_is_refused_naming_both_cells(world, write):
    text = f"name_zh,企业名称,credit_code\n甲公司,甲公司,{valid_credit_code(1)}\n"
    result = run_import("enterprises", write("e.csv", text))
    assert messages(result) == [
        "e.csv, row 1, column name_zh: '企业名称' names the same column as header cell 1"
    ]
    assert not Enterprise.objects.exists()


def test_two_rows_that_match_one_existing_enterprise_are_refused(world, write):
    existing = EnterpriseFactory(credit_code=valid_credit_code(3), stock_code="688001")
    text = (
        "name_zh,credit_code,stock_code\n"
        f"{existing.name_zh},{existing.credit_code},\n"
        f"{existing.name_zh},,688001\n"
    )
    result = run_import("enterprises", write("e.csv", text))
    assert any("matches the same existing row as row 2" in m for m in messages(result)), messages(result)
    assert Enterprise.objects.count() == 1


def test_a_big_file_reports_progress_and_keeps_its_preview_short(world, write):
    rows = PREVIEW_LIMIT + 200
    text = "name_zh,credit_code\n" + "".join(f"公司{i},{valid_credit_code(i)}\n" for i in range(rows))
    seen = []
    result = run_import("enterprises", write("e.csv", text), dry_run=True, progress=lambda *a: seen.append(a))
    assert result.created == rows and not Enterprise.objects.exists()
    assert len(result.preview) == PREVIEW_LIMIT and result.preview_truncated
    assert seen and seen[-1] == (rows, rows)
    assert all(done <= total for done, total in seen)
