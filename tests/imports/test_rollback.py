"""Batches can be undone: created rows removed, updated rows restored (M2M too), the undo recorded;
a batch whose rows changed again later is refused unless forced."""

import pytest

from enterprises.models import Enterprise
from imports.engine import run_import
from imports.models import ImportBatch
from imports.rollback import RollbackConflict, rollback_batch
from tests.factories import EnterpriseFactory, valid_credit_code
from zones.models import Zone

from .state import db_state

pytestmark = pytest.mark.django_db


def test_rollback_removes_created_rows_and_records_itself(world, write, django_user_model):
    before = db_state()
    user = django_user_model.objects.create_superuser("ana", "a@example.org", "pw")
    text = "name_zh,credit_code,zone_code,industries,source_url\n新公司,{},32101004,1;39,https://example.org/new\n"
    batch = run_import("enterprises", write("e.csv", text.format(valid_credit_code(1))), user=user).batch
    assert Enterprise.objects.filter(name_zh="新公司").exists()
    undo = rollback_batch(batch, user=user)
    assert not Enterprise.objects.filter(name_zh="新公司").exists()
    state = db_state()
    assert state.pop("histories") > before.pop("histories")  # the deletion is in the history too
    assert state == before  # the bare source created for the file went as well
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK
    assert (undo.status, undo.rollback_of, undo.user) == (ImportBatch.Status.ROLLBACK, batch, user)


def test_rollback_restores_updated_values_and_links(world, write):
    hyc = EnterpriseFactory(
        credit_code=valid_credit_code(2), name_en="HYC", zone=world["sip"], high_tech=None
    )
    hyc.industries.set([world["sei1"]])
    text = (
        "name_zh,name_en,credit_code,zone_code,industries,high_tech\n"
        f"{hyc.name_zh},HYC Tech,{hyc.credit_code},32101009,39,yes\n"
    )
    batch = run_import("enterprises", write("e.csv", text)).batch
    hyc.refresh_from_db()
    assert (hyc.name_en, hyc.zone, hyc.high_tech, list(hyc.industries.all())) == (
        "HYC Tech",
        world["jiangning"],
        True,
        [world["gbt39"]],
    )
    rollback_batch(batch)
    hyc.refresh_from_db()
    assert (hyc.name_en, hyc.zone, hyc.high_tech, list(hyc.industries.all())) == (
        "HYC",
        world["sip"],
        None,
        [world["sei1"]],
    )
    assert hyc.history.first().history_change_reason == f"rollback of import batch {batch.pk}"


def test_rollback_refuses_when_a_later_batch_changed_the_rows(world, write):
    text = "code,name_zh,name_en,kind,province\n32101004,苏州工业园区,{},etdz,32\n"
    first = run_import("zones", write("z.csv", text.format("SIP one"))).batch
    second = run_import("zones", write("z.csv", text.format("SIP two"))).batch
    with pytest.raises(RollbackConflict) as caught:
        rollback_batch(first)
    [row] = caught.value.rows
    # Named as people know the row, with the later file and the local time (not ids and UTC).
    assert row.startswith(f"zone 苏州工业园区 (32101004): changed again by import batch #{second.pk} (z")
    assert row.endswith("Asia/Shanghai)")
    assert "Roll back with force" in str(caught.value)
    assert Zone.objects.get(code="32101004").name_en == "SIP two"  # nothing done
    rollback_batch(first, force=True)
    assert Zone.objects.get(code="32101004").name_en == "Suzhou Industrial Park"


def test_rollback_refuses_when_an_edit_came_later(world, write):
    text = "code,name_zh,name_en,kind,province\n32101004,苏州工业园区,SIP one,etdz,32\n"
    batch = run_import("zones", write("z.csv", text)).batch
    sip = Zone.objects.get(code="32101004")
    sip.description = "edited in the admin"
    sip.save()  # simple_history records the edit
    with pytest.raises(RollbackConflict) as caught:
        rollback_batch(batch)
    assert caught.value.rows[0].startswith(f"zone {sip}: edited on ")


def test_only_imported_batches_roll_back(world, write):
    batch = run_import("zones", write("z.csv", "code,name_zh,kind,province\n32101060,新区,etdz,32\n")).batch
    rollback_batch(batch)
    batch.refresh_from_db()
    with pytest.raises(ValueError, match="only imported batches roll back"):
        rollback_batch(batch)
    failed = run_import("zones", write("z.csv", "code\n1\n")).batch
    with pytest.raises(ValueError):
        rollback_batch(failed)


def test_rollback_of_a_reparenting_keeps_the_existing_child(world, write):
    """The batch creates a parent and moves an existing industry under it; undoing must put the child
    back where it was before deleting the new parent (Industry.parent cascades)."""
    child = world["sei11"]
    text = (
        "scheme,code,name_zh,parent_code,level\n"
        "sei2018,9,新的上级产业,,1\n"
        f"sei2018,{child.code},{child.name_zh},9,2\n"
    )
    result = run_import("industries", write("i.csv", text))
    assert result.ok, [str(e) for e in result.errors]
    child.refresh_from_db()
    assert child.parent.code == "9"
    rollback_batch(result.batch)
    child.refresh_from_db()
    assert child.parent == world["sei1"]
    assert not child._meta.model.objects.filter(scheme="sei2018", code="9").exists()
