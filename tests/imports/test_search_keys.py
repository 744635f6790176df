"""The import pipeline keeps the pinyin search keys of the names it writes: spelled for new rows and for
rows whose Chinese name changes (only those: spelling every row of a re-import would cost seconds), and
restored by a rollback."""

import pytest

from enterprises.models import Enterprise
from imports.engine import run_import
from imports.rollback import rollback_batch
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db


def _file(write, name):
    return write("e.csv", f"name_zh,credit_code\n{name},{valid_credit_code(7)}\n")


def test_new_and_renamed_rows_get_their_keys_and_a_rollback_restores_them(world, write):
    assert run_import("enterprises", _file(write, "苏州华芯科技")).ok
    company = Enterprise.objects.get()
    assert (company.name_pinyin, company.name_initials) == ("suzhouhuaxinkeji", "szhxkj")

    unchanged = run_import("enterprises", _file(write, "苏州华芯科技"))
    assert unchanged.unchanged == 1 and unchanged.updated == 0

    renamed = run_import("enterprises", _file(write, "南京科远"))
    assert renamed.updated == 1
    company.refresh_from_db()
    assert (company.name_pinyin, company.name_initials) == ("nanjingkeyuan", "njky")

    rollback_batch(renamed.batch)
    company.refresh_from_db()
    assert (company.name_zh, company.name_initials) == ("苏州华芯科技", "szhxkj")
