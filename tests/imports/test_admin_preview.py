"""Issue 8 in the admin: a preview computed once per upload, new rows' values, the sheet picker, columns
mapped by hand (and remembered), hostile files answered with a message, uploads discarded and swept."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from enterprises.models import Enterprise
from imports.admin import jobs
from imports.models import ImportBatch, ImportColumnMapping
from tests.factories import valid_credit_code
from tests.imports import hostile

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/imports/importbatch/upload/"


def _upload(client, content: bytes, name="enterprises.csv", kind="enterprises"):
    response = client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response["Location"]


def _token(preview_url: str) -> str:
    return preview_url.rstrip("/").rsplit("/", 1)[1]


def _folder(client, preview_url) -> Path:
    return Path(client.session["atlas_imports"][_token(preview_url)]["path"]).parent


def test_the_preview_is_computed_once_and_shows_new_rows_values(login, ministry_editor, own_zone):
    client = login(ministry_editor)
    content = f"name_zh,credit_code,zone_code,founded\n预览新公司,{valid_credit_code(701)},32101004,1992\n"
    url = _upload(client, content.encode())
    first = client.get(url)
    html = first.content.decode()
    assert '<span class="za-new">预览新公司</span>' in html and '<span class="za-new">1992</span>' in html
    stored = _folder(client, url) / "preview.json"
    made = stored.stat().st_mtime_ns
    second = client.get(url)
    assert stored.stat().st_mtime_ns == made  # not run again
    assert second.context["result"].created == 1 and not Enterprise.objects.exists()


def test_a_hostile_file_is_answered_with_a_message(login, ministry_editor, tmp_path):
    client = login(ministry_editor)
    deep = hostile.nested_json(tmp_path / "deep.json", 100_000).read_bytes()
    page = client.get(_upload(client, deep, name="deep.json"))
    assert page.status_code == 200
    assert "the JSON is nested too deeply" in page.content.decode()
    nul = hostile.nul_csv(tmp_path / "nul.csv").read_bytes()
    page = client.get(_upload(client, nul, name="nul.csv"))
    [error] = page.context["result"].errors
    assert error.row == 3 and "NUL byte" in error.message and "--encoding" not in page.content.decode()


def test_the_size_limit_is_said_in_the_units_it_is_set_in(login, ministry_editor, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 1024 * 1024
    client = login(ministry_editor)
    big = b"name_zh\n" + b"x" * (3 * 1024 * 1024 // 2)
    response = client.post(UPLOAD, {"kind": "enterprises", "file": SimpleUploadedFile("big.csv", big)})
    assert "The file is 1.5 MiB; files up to 1 MiB can be imported: split it." in response.content.decode()


def test_the_sheet_picker(login, ministry_editor, tmp_path):
    book = Workbook()
    book.remove(book.active)
    for year, n in (("2023", 702), ("2024", 703)):
        sheet = book.create_sheet(year)
        sheet.append(["name_zh", "credit_code"])
        sheet.append([f"{year}年公司", valid_credit_code(n)])
    book.save(tmp_path / "book.xlsx")
    client = login(ministry_editor)
    url = _upload(client, (tmp_path / "book.xlsx").read_bytes(), name="book.xlsx")
    page = client.get(url)
    html = page.content.decode()
    assert "several have this kind&#x27;s header" in html and '<select name="sheet"' in html
    client.post(f"{url}options/", {"sheet": "2024"})
    page = client.get(url)
    assert page.context["result"].sheet == "2024" and page.context["result"].created == 1
    token = _token(url)
    client.post(f"{UPLOAD}{token}/confirm/")
    assert list(Enterprise.objects.values_list("name_zh", flat=True)) == ["2024年公司"]


def test_a_column_mapped_by_hand_is_remembered_for_the_next_file(login, ministry_editor):
    client = login(ministry_editor)
    content = f"机构全名,代码\n映射一号公司,{valid_credit_code(704)}\n"
    url = _upload(client, content.encode())
    page = client.get(url)
    assert "missing required column(s): name_zh" in page.content.decode()
    rows = {row["header"]: row["index"] for row in page.context["mapping_rows"]}
    client.post(
        f"{url}options/", {f"map-{rows['机构全名']}": "name_zh", f"map-{rows['代码']}": "credit_code"}
    )
    page = client.get(url)
    assert page.context["result"].created == 1 and page.context["result"].error_count == 0
    assert ImportColumnMapping.objects.get().mapping == {"机构全名": "name_zh", "代码": "credit_code"}
    # The next month's file, same header: read the same way without asking.
    again = client.get(_upload(client, f"机构全名,代码\n映射二号公司,{valid_credit_code(705)}\n".encode()))
    assert again.context["result"].created == 1 and again.context["result"].error_count == 0


def test_discarding_removes_the_upload_and_old_uploads_are_swept(login, ministry_editor, settings):
    client = login(ministry_editor)
    url = _upload(client, b"name_zh\nx\n")
    client.get(url)
    folder = _folder(client, url)
    assert (folder / "preview.json").exists()
    response = client.post(f"{url}discard/")
    assert response.status_code == 302 and not folder.exists()
    assert client.get(url).status_code == 404
    # A folder nobody came back to: swept by the scheduled command.
    stale = jobs.tmp_root() / "stale"
    stale.mkdir(parents=True)
    old = time.time() - settings.ATLAS_IMPORT_UPLOAD_MAX_AGE - 60
    os.utime(stale, (old, old))
    call_command("cleanup_import_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not stale.exists()
    assert not ImportBatch.objects.exists()
