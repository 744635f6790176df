"""The admin import pages: upload → preview (dry run) → confirm → progress → batch; and what they refuse."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enterprise
from imports import registry
from imports.admin import imports, jobs
from imports.models import ImportBatch
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db

HEADER = "name_zh,name_en,credit_code,zone_code,province,high_tech\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8")


def _upload(client, content: bytes, kind="enterprises", name="enterprises.csv"):
    response = client.post(
        "/admin/imports/importbatch/upload/", {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response["Location"]


def test_preview_then_confirm_writes_rows_and_records_a_batch(
    login, ministry_editor, own_zone, own_enterprise
):
    client = login(ministry_editor)
    new_code = valid_credit_code(990001)
    content = _csv(
        f"苏州新公司科技有限公司,Suzhou New Co.,{new_code},32101004,32,true",
        f"{own_enterprise.name_zh},Suzhou HYC Technology Co.,{own_enterprise.credit_code},32101004,32,",
    )
    preview_url = _upload(client, content)
    assert Enterprise.objects.count() == 1

    page = client.get(preview_url)
    html = page.content.decode()
    result = page.context["result"]
    assert (result.created, result.updated, len(result.errors)) == (1, 1, 0)
    assert new_code in html  # the new row, by its key, in the diff table
    assert "Suzhou HYC Technology Co." in html and 'class="za-old"' in html  # old → new for the update
    assert "Confirm and import 2 changes" in html
    assert Enterprise.objects.count() == 1 and not ImportBatch.objects.exists()  # a dry run writes nothing

    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")
    assert response["Location"].endswith(f"/upload/{token}/progress/")
    progress = client.get(response["Location"])
    assert progress.context["status"]["state"] == "done"
    assert 'http-equiv="refresh"' not in progress.content.decode()  # stops refreshing when done

    batch = ImportBatch.objects.get()
    assert batch.user == ministry_editor
    assert batch.file_sha256 == hashlib.sha256(content).hexdigest()
    assert (batch.created_count, batch.updated_count, batch.status) == (1, 1, ImportBatch.Status.IMPORTED)
    assert progress.context["batch_url"] == f"/admin/imports/importbatch/{batch.pk}/change/"
    assert Enterprise.objects.get(credit_code=new_code).zone == own_zone
    own_enterprise.refresh_from_db()
    assert own_enterprise.name_en == "Suzhou HYC Technology Co."
    # The batch page lists who, the file and its changes.
    detail = client.get(progress.context["batch_url"]).content.decode()
    assert "enterprises.csv" in detail and batch.file_sha256 in detail and "enterprises.enterprise" in detail
    # The enterprise's history shows the import: who, the diff, and a link to the batch.
    history = client.get(f"/admin/enterprises/enterprise/{own_enterprise.pk}/history/").content.decode()
    assert f'href="/admin/imports/importbatch/{batch.pk}/change/"' in history
    assert "ministry" in history and "Suzhou HYC Technology Co." in history


def test_bad_file_shows_every_error_and_writes_nothing(login, ministry_editor, own_zone):
    client = login(ministry_editor)
    bad_code = valid_credit_code(990002)[:-1] + ("0" if valid_credit_code(990002)[-1] != "0" else "1")
    content = _csv(
        f"甲公司,A Co.,{bad_code},32101004,32,true",
        f"乙公司,B Co.,{valid_credit_code(990003)},32101099,32,maybe",
    )
    page = client.get(_upload(client, content))
    html = page.content.decode()
    errors = page.context["result"].errors
    assert {(e.row, e.column) for e in errors} >= {(2, "credit_code"), (3, "zone_code"), (3, "high_tech")}
    assert "32101099" in html and "Download errors as CSV" in html
    assert "Confirm and import" not in html
    errors_csv = client.get(page.context["token"].join(["/admin/imports/importbatch/upload/", "/errors.csv"]))
    text = errors_csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "file,row,column,value,message"
    assert "32101099" in text and bad_code in text
    assert not Enterprise.objects.exists() and not ImportBatch.objects.exists()


def test_zone_editor_file_touching_another_zone_is_rejected_whole(
    login, zone_editor, own_zone, other_zone, own_enterprise
):
    client = login(zone_editor)
    content = _csv(
        f"{own_enterprise.name_zh},Renamed,{own_enterprise.credit_code},32101004,32,",
        f"外区公司,Outside Co.,{valid_credit_code(990004)},{other_zone.code},33,",
    )
    preview_url = _upload(client, content)
    page = client.get(preview_url)
    [error] = page.context["result"].errors
    assert error.row == 3 and other_zone.code in error.message
    assert "Confirm and import" not in page.content.decode()
    # Confirming anyway (a crafted POST) goes through the same check: nothing is written.
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    progress = client.get(client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")["Location"])
    assert progress.context["status"]["state"] == "failed"
    assert any(other_zone.code in e for e in progress.context["status"]["errors"])
    own_enterprise.refresh_from_db()
    assert own_enterprise.name_en != "Renamed"
    assert not Enterprise.objects.filter(name_zh="外区公司").exists()


def test_zone_editor_may_import_only_zone_bound_kinds(login, zone_editor):
    client = login(zone_editor)
    page = client.get("/admin/imports/importbatch/upload/")
    assert [value for value, _ in page.context["form"].fields["kind"].choices] == [
        "zones",
        "statistics",
        "enterprises",
    ]
    response = client.post(
        "/admin/imports/importbatch/upload/",
        {"kind": "policies", "file": SimpleUploadedFile("p.csv", b"slug\nx\n")},
    )
    assert "kind" in response.context["form"].errors
    assert client.get("/admin/imports/importbatch/template/policies.csv").status_code == 404


def test_users_without_import_permission_get_no_upload_page(login, plain_user, db):
    plain_user.is_staff = True
    plain_user.save()
    assert login(plain_user).get("/admin/imports/importbatch/upload/").status_code == 403


def test_file_changed_between_preview_and_confirm_is_refused(login, ministry_editor, own_zone):
    client = login(ministry_editor)
    preview_url = _upload(client, _csv(f"甲公司,A Co.,{valid_credit_code(990005)},32101004,32,"))
    client.get(preview_url)
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    path = Path(client.session[imports.SESSION_KEY][token]["path"])
    path.write_bytes(_csv(f"乙公司,B Co.,{valid_credit_code(990006)},32101004,32,"))
    response = client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")
    assert response["Location"] == "/admin/imports/importbatch/upload/"
    assert not Enterprise.objects.exists() and not ImportBatch.objects.exists()


def test_another_sessions_upload_is_not_reachable(client, login, ministry_editor, superuser, own_zone):
    preview_url = _upload(
        login(ministry_editor), _csv(f"甲公司,A Co.,{valid_credit_code(990007)},32101004,32,")
    )
    client.logout()
    client.force_login(superuser)
    assert client.get(preview_url).status_code == 404


def test_file_over_the_size_limit_is_refused_before_reading(login, ministry_editor, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 10
    client = login(ministry_editor)
    response = client.post(
        "/admin/imports/importbatch/upload/",
        {"kind": "enterprises", "file": SimpleUploadedFile("big.csv", _csv("甲公司,,,,,"))},
    )
    assert "files up to" in str(response.context["form"].errors["file"])


def test_templates_and_examples_use_the_pipelines_columns(login, ministry_editor):
    client = login(ministry_editor)
    page = client.get("/admin/imports/importbatch/upload/").content.decode()
    for kind in registry.kinds():
        columns = [c.name for c in registry.get(kind).columns]
        assert f"/admin/imports/importbatch/template/{kind}.csv" in page
        template = client.get(f"/admin/imports/importbatch/template/{kind}.csv").content.decode("utf-8-sig")
        assert template.splitlines() == [",".join(columns)]
        example = client.get(f"/admin/imports/importbatch/example/{kind}.csv").content.decode("utf-8-sig")
        lines = example.splitlines()
        assert lines[0] == ",".join(columns)
        if (Path(settings.BASE_DIR) / "data" / f"{kind}.csv").exists():
            assert len(lines) > 1, kind  # a few real rows from the bundled data
    example = client.get("/admin/imports/importbatch/example/enterprises.csv").content.decode("utf-8-sig")
    assert "平安银行股份有限公司" in example  # the first row of data/enterprises.csv


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker():
    """What `make run` keeps running beside the server: here, until the queue is empty."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def _background_editor(client):
    from django.contrib.auth.models import Group, User

    from atlas.roles import MINISTRY_EDITORS, setup_roles

    setup_roles()  # a transactional test starts from an empty database
    editor = User.objects.create_user("bg", is_staff=True)
    editor.groups.add(Group.objects.get(name=MINISTRY_EDITORS))
    client.force_login(editor)
    return editor


@pytest.mark.django_db(transaction=True)
def test_confirmed_import_runs_in_the_task_worker(client, settings, own_zone):
    settings.TASKS = DB_TASKS
    editor = _background_editor(client)
    preview_url = _upload(client, _csv(f"后台公司,Background Co.,{valid_credit_code(990008)},32101004,32,"))
    client.get(preview_url)
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    progress_url = client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")["Location"]
    queued = client.get(progress_url)
    assert queued.context["status"]["state"] == "queued" and "db_worker" in queued.content.decode()
    assert not Enterprise.objects.exists()
    _worker()
    page = client.get(progress_url)
    assert page.context["status"]["state"] == "done", page.context["status"]
    assert Enterprise.objects.get(name_zh="后台公司").zone == own_zone
    assert ImportBatch.objects.get().user == editor
    entry = client.session[imports.SESSION_KEY][token]
    assert not Path(entry["path"]).exists()  # the uploaded copy is removed once imported


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_import_says_so_and_can_be_started_again(client, settings, own_zone):
    """A worker killed mid-import leaves its task "running" and its progress file still."""
    import os
    import time

    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    _background_editor(client)
    preview_url = _upload(client, _csv(f"中断公司,Cut Co.,{valid_credit_code(990011)},32101004,32,"))
    client.get(preview_url)
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    progress_url = client.post(f"/admin/imports/importbatch/upload/{token}/confirm/")["Location"]
    task = DBTaskResult.objects.get()
    task.claim("a-worker-that-died")
    assert task.status == TaskResultStatus.RUNNING
    status_file = imports._status_path(client.session[imports.SESSION_KEY][token])
    jobs.write_status(status_file, state="running", rows_done=1, rows_total=1)
    stale = time.time() - settings.ATLAS_JOB_STALE_SECONDS - 5
    os.utime(status_file, (stale, stale))
    page = client.get(progress_url)
    assert page.context["status"]["state"] == "interrupted"
    assert 'id="interrupted"' in page.content.decode() and "Start the import again" in page.content.decode()
    assert not Enterprise.objects.exists()
    client.post(f"/admin/imports/importbatch/upload/{token}/retry/")
    _worker()
    assert client.get(progress_url).context["status"]["state"] == "done"
    assert Enterprise.objects.filter(name_zh="中断公司").count() == 1


def test_progress_page_refreshes_while_running(login, ministry_editor, own_zone):
    client = login(ministry_editor)
    preview_url = _upload(client, _csv(f"甲公司,A Co.,{valid_credit_code(990009)},32101004,32,"))
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    entry = client.session[imports.SESSION_KEY][token]
    jobs.write_status(imports._status_path(entry), state="running", rows_done=4000, rows_total=10000)
    html = client.get(f"/admin/imports/importbatch/upload/{token}/progress/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert re.search(r"4000 of 10000 rows \(40%\)", html)


def test_preview_of_a_file_that_changes_nothing_offers_no_confirm(
    login, ministry_editor, own_zone, own_enterprise
):
    client = login(ministry_editor)
    row = f'{own_enterprise.name_zh},"{own_enterprise.name_en}",{own_enterprise.credit_code},32101004,32,'
    page = client.get(_upload(client, _csv(row)))
    assert page.context["result"].unchanged == 1
    html = page.content.decode()
    assert "importing would change nothing" in html and "Confirm and import" not in html


def test_xlsx_upload_with_chinese_headers_previews_like_csv(login, ministry_editor, own_zone):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "统一社会信用代码", "省份"])
    sheet.append(["表格公司", valid_credit_code(990010), "32"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = login(ministry_editor)
    page = client.get(_upload(client, buffer.getvalue(), name="enterprises.xlsx"))
    result = page.context["result"]
    assert (result.created, result.errors) == (1, [])


def test_preview_of_a_boolean_change(login, ministry_editor, own_zone, own_enterprise):
    """False → True on an existing row (bool is an int in Python: the diff once crashed on it)."""
    own_enterprise.high_tech = False
    own_enterprise.save()
    client = login(ministry_editor)
    name, code = own_enterprise.name_zh, own_enterprise.credit_code
    row = f'{name},"{own_enterprise.name_en}",{code},32101004,32,true'
    page = client.get(_upload(client, _csv(row)))
    [change] = page.context["changes"]
    assert change.action == "update" and "high_tech" in change.diff
