"""import_atlas / export_atlas / load_atlas from the command line."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from enterprises.models import Enterprise
from imports.models import ImportBatch
from policies.models import Measure
from tests.factories import valid_credit_code
from zones.models import Industry, Zone

pytestmark = pytest.mark.django_db


def test_import_prints_the_summary(world, write):
    out = io.StringIO()
    text = f"name_zh,credit_code\n新公司,{valid_credit_code(1)}\n"
    call_command("import_atlas", "enterprises", str(write("e.csv", text)), stdout=out)
    assert "e.csv: 1 new, 0 updated, 0 unchanged, 0 errors" in out.getvalue()
    assert Enterprise.objects.filter(name_zh="新公司").exists()


def test_dry_run_writes_nothing(world, write):
    out = io.StringIO()
    text = f"name_zh,credit_code\n新公司,{valid_credit_code(1)}\n"
    call_command("import_atlas", "enterprises", str(write("e.csv", text)), "--dry-run", stdout=out)
    assert out.getvalue().startswith("dry run, nothing written — e.csv: 1 new")
    assert not Enterprise.objects.exists()


def test_errors_fail_the_command_and_go_to_a_csv(world, write, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    errors_csv = tmp_path / "errors.csv"
    text = "name_zh,credit_code,zone_code\n甲,123,\n乙,,32101099\n"
    with pytest.raises(CommandError, match="2 error"):
        call_command(
            "import_atlas",
            "enterprises",
            str(write("e.csv", text)),
            "--errors-csv",
            str(errors_csv),
            stdout=out,
            stderr=err,
        )
    assert (
        "e.csv, row 2, column credit_code: '123' is not a valid unified social credit code" in err.getvalue()
    )
    assert "e.csv, row 3, column zone_code: '32101099' is not a known zone" in err.getvalue()
    with errors_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["column"], r["value"]) for r in rows] == [
        ("2", "credit_code", "123"),
        ("3", "zone_code", "32101099"),
    ]


def test_export_then_import_changes_nothing(world, tmp_path):
    out = io.StringIO()
    path = tmp_path / "zones.json"
    call_command("export_atlas", "zones", str(path), stdout=out)
    assert out.getvalue().strip() == f"zones: 3 rows written to {path}"
    assert {row["code"] for row in json.loads(path.read_text(encoding="utf-8"))} == {
        "32101004",
        "32101009",
        "33101001",
    }
    out = io.StringIO()
    call_command("import_atlas", "zones", str(path), stdout=out)
    assert ": 0 new, 0 updated, 3 unchanged, 0 errors" in out.getvalue()


def test_export_rejects_unknown_format(world, tmp_path):
    with pytest.raises(CommandError, match="use .csv, .xlsx or .json"):
        call_command("export_atlas", "zones", str(tmp_path / "zones.txt"), stdout=io.StringIO())


def _data_rows(name: str) -> int:
    with (Path(settings.BASE_DIR) / "data" / name).open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


@pytest.mark.skipif(
    not (Path(settings.BASE_DIR) / "data" / "zones.csv").exists(), reason="bundled data not there"
)
def test_load_atlas_loads_the_bundled_files_idempotently(db):
    out = io.StringIO()
    call_command("load_atlas", stdout=out)
    assert Zone.objects.count() == _data_rows("zones.csv")
    assert Industry.objects.count() == _data_rows("industries.csv")
    assert Enterprise.objects.count() == _data_rows("enterprises.csv")
    with (Path(settings.BASE_DIR) / "data" / "policies.csv").open(encoding="utf-8") as fh:
        measures = sum(1 for row in csv.DictReader(fh) if row["measure_position"])
    assert Measure.objects.count() == measures  # documents without measures have a row of their own
    # Zone links derived from the registered addresses, with their evidence.
    derived = Enterprise.objects.filter(zone_basis="address")
    assert derived.count() >= 800 and not derived.filter(zone_matched_text="").exists()  # issue 9 §3
    assert Enterprise.objects.get(stock_code="688001").zone.code == "32101004"  # stated by the article
    batches = ImportBatch.objects.count()
    out = io.StringIO()
    call_command("load_atlas", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines and all(" 0 new, 0 updated, " in line for line in lines), lines
    assert ImportBatch.objects.count() == batches  # no trace of a reload that changed nothing


class Terminal(io.StringIO):
    """stderr as a terminal, so the progress bar shows."""

    def isatty(self):
        return True


def test_a_terminal_sees_a_progress_bar(world, write, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    text = f"name_zh,credit_code\n新公司,{valid_credit_code(1)}\n"
    call_command("import_atlas", "enterprises", str(write("e.csv", text)), stdout=io.StringIO())
    bar = terminal.getvalue()
    assert "[" + "#" * 30 + "] 1/1 rows" in bar and bar.endswith("\n")


def test_a_missing_file_is_a_clear_command_error(world, tmp_path):
    with pytest.raises(CommandError, match="nothing.csv: No such file or directory"):
        call_command("import_atlas", "enterprises", str(tmp_path / "nothing.csv"), stdout=io.StringIO())


def test_load_skips_missing_files_and_fails_on_bad_ones_listing_the_errors(db, tmp_path):
    bad_rows = "".join(f"省{i},{i:02d}x\n" for i in range(60))
    (tmp_path / "provinces.csv").write_text("name_zh,code\n" + bad_rows, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="some bundled files were not loaded"):
        call_command("load_atlas", "--data-dir", str(tmp_path), stdout=out, stderr=err)
    assert "sources: no sources.csv, skipped" in out.getvalue()
    assert "policies: no policies.csv, skipped" in out.getvalue()
    assert "provinces.csv, row 2, column code" in err.getvalue()
    assert "… and 10 more errors" in err.getvalue()


@pytest.mark.skipif(
    not (Path(settings.BASE_DIR) / "data" / "zones.csv").exists(), reason="bundled data not there"
)
def test_staff_decisions_survive_reloading_the_bundled_data(db):
    from enterprises.services import enterprise_review_zone_link, enterprise_set_zone_by_staff

    call_command("load_atlas", stdout=io.StringIO())
    pending = Enterprise.objects.filter(zone_review="pending").order_by("stock_code")
    confirmed, rejected = pending[0], pending[1]
    enterprise_review_zone_link(enterprises=Enterprise.objects.filter(pk=confirmed.pk), confirm=True)
    enterprise_review_zone_link(enterprises=Enterprise.objects.filter(pk=rejected.pk), confirm=False)
    derived = Enterprise.objects.filter(zone_basis="address").order_by("stock_code").first()
    other_zone = Zone.objects.exclude(pk=derived.zone_id).first()
    enterprise_set_zone_by_staff(enterprise=derived, zone=other_zone)
    call_command("load_atlas", stdout=io.StringIO())
    confirmed.refresh_from_db(), rejected.refresh_from_db(), derived.refresh_from_db()
    assert (confirmed.zone_id, confirmed.zone_review) == (confirmed.proposed_zone_id, "confirmed")
    assert (rejected.zone_id, rejected.zone_review) == (None, "rejected")
    assert (derived.zone, derived.zone_basis) == (other_zone, "staff")
