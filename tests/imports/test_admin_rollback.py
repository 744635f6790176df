"""Rolling back an import batch from the admin, with the conflict check and its override."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enterprise
from imports.models import ImportBatch
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db


def _import(client, rows):
    content = ("name_zh,name_en,credit_code,zone_code,province\n" + "\n".join(rows) + "\n").encode()
    response = client.post(
        "/admin/imports/importbatch/upload/",
        {"kind": "enterprises", "file": SimpleUploadedFile("e.csv", content)},
    )
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")
    return ImportBatch.objects.latest("pk")


def test_rollback_removes_created_rows_and_restores_updated_ones(
    login, ministry_editor, own_zone, own_enterprise
):
    client = login(ministry_editor)
    new_code = valid_credit_code(880001)
    batch = _import(
        client,
        [
            f"新公司,New Co.,{new_code},32101004,32",
            f"{own_enterprise.name_zh},Renamed Co.,{own_enterprise.credit_code},32101004,32",
        ],
    )
    assert Enterprise.objects.count() == 2
    detail = client.get(f"/admin/imports/importbatch/{batch.pk}/change/").content.decode()
    assert f"/admin/imports/importbatch/{batch.pk}/rollback/" in detail  # the Roll back button

    page = client.get(f"/admin/imports/importbatch/{batch.pk}/rollback/")
    assert "deleted" in page.content.decode() and "previous values restored" in page.content.decode()
    response = client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/")
    assert f"/admin/imports/importbatch/{batch.pk}/rollback/" in response["Location"]  # its progress page
    response = client.get(response["Location"])
    undo = ImportBatch.objects.get(rollback_of=batch)
    assert response["Location"] == f"/admin/imports/importbatch/{undo.pk}/change/"
    assert undo.status == ImportBatch.Status.ROLLBACK and undo.user == ministry_editor
    undo_page = client.get(response["Location"]).content.decode()
    assert "1 created rows deleted, 1 updated rows restored" in undo_page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK
    assert not Enterprise.objects.filter(credit_code=new_code).exists()
    own_enterprise.refresh_from_db()
    assert own_enterprise.name_en != "Renamed Co."
    # A rolled-back batch offers no second rollback.
    assert client.get(f"/admin/imports/importbatch/{batch.pk}/rollback/").status_code == 403


def test_rollback_of_a_batch_edited_later_asks_for_confirmation(
    login, ministry_editor, own_zone, own_enterprise
):
    client = login(ministry_editor)
    batch = _import(
        client, [f"{own_enterprise.name_zh},Renamed Co.,{own_enterprise.credit_code},32101004,32"]
    )
    own_enterprise.refresh_from_db()
    own_enterprise.name_en = "Edited by hand"
    own_enterprise._history_user = ministry_editor
    own_enterprise.save()

    page = client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/")
    html = page.content.decode()
    assert page.status_code == 200
    # The row by name, the editor by user name, the time in the site's zone (not ids and UTC).
    assert f"enterprise {own_enterprise.name_zh}: edited by {ministry_editor.username} on " in html
    assert "Asia/Shanghai" in html
    assert "Roll back anyway" in html
    own_enterprise.refresh_from_db()
    assert own_enterprise.name_en == "Edited by hand"  # nothing rolled back yet
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED

    client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/", {"force": "1"})
    own_enterprise.refresh_from_db()
    assert own_enterprise.name_en not in ("Edited by hand", "Renamed Co.")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK


def test_zone_editors_cannot_roll_back_and_see_only_their_batches(
    login, zone_editor, ministry_editor, own_zone
):
    ministry_batch = _import(
        login(ministry_editor), [f"甲公司,A Co.,{valid_credit_code(880002)},32101004,32"]
    )
    client = login(zone_editor)
    own_batch = _import(client, [f"乙公司,B Co.,{valid_credit_code(880003)},32101004,32"])
    assert own_batch.user == zone_editor and own_batch.status == ImportBatch.Status.IMPORTED
    listed = list(client.get("/admin/imports/importbatch/").context["cl"].result_list)
    assert listed == [own_batch]
    assert client.get(f"/admin/imports/importbatch/{ministry_batch.pk}/change/").status_code == 302
    detail = client.get(f"/admin/imports/importbatch/{own_batch.pk}/change/").content.decode()
    assert "/rollback/" not in detail
    changes = client.get("/admin/imports/importchange/").context["cl"].result_list
    assert {change.batch_id for change in changes} == {own_batch.pk}
    assert client.post(f"/admin/imports/importbatch/{own_batch.pk}/rollback/").status_code == 403
    assert Enterprise.objects.filter(name_zh="乙公司").exists()


def test_conflict_appearing_after_the_check_is_shown_by_the_progress_page(
    login, ministry_editor, own_zone, own_enterprise, monkeypatch
):
    """The conflict check runs in the request, the rollback in the background; if a row changes between
    the two, the rollback refuses and its progress page shows the conflict page with the force button."""
    from imports import rollback

    client = login(ministry_editor)
    batch = _import(
        client, [f"{own_enterprise.name_zh},Renamed Co.,{own_enterprise.credit_code},32101004,32"]
    )
    checks = iter([[], ["enterprises.enterprise 1: edited"]])  # clean in the request, not in the job
    monkeypatch.setattr(rollback, "conflicts", lambda b: next(checks))
    response = client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Roll back anyway" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED


@pytest.mark.django_db(transaction=True)
def test_rollback_runs_in_the_task_worker(client, settings, own_zone):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from atlas.roles import MINISTRY_EDITORS, setup_roles

    setup_roles()
    editor = User.objects.create_user("bg", is_staff=True)
    editor.groups.add(Group.objects.get(name=MINISTRY_EDITORS))
    client.force_login(editor)
    batch = _import(client, [f"后台公司,Background Co.,{valid_credit_code(880009)},32101004,32"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    progress_url = client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/")["Location"]
    assert client.get(progress_url).context["running"]  # queued until the worker takes it
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    response = client.get(progress_url)
    undo = ImportBatch.objects.get(rollback_of=batch)
    assert response["Location"] == f"/admin/imports/importbatch/{undo.pk}/change/"
    assert not Enterprise.objects.filter(name_zh="后台公司").exists()


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_rollback_says_so_and_changes_nothing(client, settings, own_zone):
    import os
    import time
    from pathlib import Path

    from django.contrib.auth.models import Group, User
    from django_tasks_db.models import DBTaskResult

    from atlas.roles import MINISTRY_EDITORS, setup_roles
    from imports.admin import jobs

    setup_roles()
    editor = User.objects.create_user("bg", is_staff=True)
    editor.groups.add(Group.objects.get(name=MINISTRY_EDITORS))
    client.force_login(editor)
    batch = _import(client, [f"中断回滚公司,Cut Co.,{valid_credit_code(880010)},32101004,32"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    progress_url = client.post(f"/admin/imports/importbatch/{batch.pk}/rollback/")["Location"]
    DBTaskResult.objects.get().claim("a-worker-that-died")
    folder = Path(next(iter(client.session[jobs.ROLLBACK_SESSION_KEY].values())))
    stale = time.time() - settings.ATLAS_JOB_STALE_SECONDS - 5
    os.utime(folder / "status.json", (stale, stale))
    page = client.get(progress_url)
    assert page.context["status"]["state"] == "interrupted" and "Roll back again" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Enterprise.objects.filter(name_zh="中断回滚公司").exists()
