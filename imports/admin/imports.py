"""The admin's import pages: upload → dry-run preview → confirm → progress → batch.

Everything goes through the one pipeline, ``imports.run_import`` (the CLI and the bundled loader
use it too); this module only handles files, the session and the pages.

* **Upload.** The file is written to a private temporary folder (``ATLAS_IMPORT_TMP_DIR``, default
  ``<tmp>/zone-atlas-imports/<token>/``); the session keeps its path and SHA-256 under a random token, so
  the uploader alone can preview and confirm it.
* **Preview.** A dry run with the acting user (a zone editor's rows outside their zones are errors):
  counts, a row-by-row diff of what would change (new rows with their values), or the errors (the first
  ERRORS_SHOWN on the page, every one in the downloadable CSV). It is computed once per upload, sheet and
  column mapping and kept beside the file (``preview.json``): a hostile file costs one run, not one per
  visit. A workbook with several sheets gets a sheet picker; any header cell can be mapped to a column by
  hand, and the mapping is remembered for the next file with the same header (ImportColumnMapping).
* **Discard.** Abandoning a preview removes its folder at once; folders never confirmed or discarded are
  removed after ``ATLAS_IMPORT_UPLOAD_MAX_AGE`` seconds (at every upload, and by the
  ``cleanup_import_uploads`` command, meant for cron).
* **Confirm.** The SHA-256 is checked again (the file on disk must be the one previewed), then the real
  import is queued as a **Django task** (tasks.py; the database backend's ``db_worker`` runs it) and the
  browser is sent to a progress page that refreshes itself (``<meta http-equiv="refresh">``; no
  JavaScript). Why a task: a 100,000-row file takes seconds to tens of seconds, longer than a proxy
  should hold a request; the task's state lives in the database, so an interrupted job is recognised
  and can be started again (jobs.job_status).
* **Progress.** The pipeline writes a file in one transaction (all or nothing), so the ImportBatch row it
  creates is invisible to other connections until the end; progress therefore goes to a small JSON status
  file beside the upload, written atomically by the pipeline's progress callback, and read by the progress
  page (this also works with several server processes on one machine). When the run ends, the status file
  names the batch, and the page links to it.

* **Rollback** (from the batch page, batches.py) uses the same machinery: the conflict check is a read and
  runs in the request (so the "roll back anyway" page appears at once); the rollback itself, which can
  touch every row of a large batch, runs as a task with a self-refreshing page.

A worker that dies mid-import (a restart, a kill) leaves its task "running" in the database and its
status file still: the progress page then says "interrupted" and offers to start it again; since nothing
is committed until the end, the database is unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from atlas.roles import is_zone_restricted
from imports import registry
from imports.columns import neutralise
from imports.engine import RowChange, RowError
from imports.messages import error_text as _error_text
from imports.reading import mib

from . import jobs

SESSION_KEY = "atlas_imports"
PREVIEW_ROWS_SHOWN = 500
ERRORS_SHOWN = 500
EXAMPLE_ROWS = 5
ERROR_COLUMNS = ["file", "row", "column", "value", "message"]


# ------------------------------------------------------------------ permissions and kinds
def allowed_kinds(user) -> list[str]:
    """The kinds this user may import: their model permissions, and for zone editors only zone-bound kinds."""
    if not user.has_perm("imports.add_importbatch"):
        return []
    restricted = is_zone_restricted(user)
    kinds = []
    for kind in registry.kinds():
        spec = registry.get(kind)
        if restricted and not getattr(spec, "zone_scoped", False):
            continue
        opts = spec.model._meta
        if user.has_perm(f"{opts.app_label}.add_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            kinds.append(kind)
    return kinds


def _require_import_permission(request):
    if not allowed_kinds(request.user):
        raise PermissionDenied


def error_text(error: dict) -> str:
    """A stored error (ImportBatch.errors holds RowError.as_dict()) read the way RowError reads."""
    return _error_text(**{key: error.get(key) for key in ("file", "row", "column", "value", "message")})


# ------------------------------------------------------------------ temporary files and the session
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _upload(request, token: str, *, need_file: bool = True) -> dict:
    """The session's record of an upload; 404 for a token that is not this session's."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if (
        not entry
        or not Path(entry["path"]).parent.exists()
        or (need_file and not Path(entry["path"]).exists())
    ):
        raise Http404(
            _("This upload is not known (it expired or belongs to another session). Upload it again.")
        )
    return entry


def _save_upload(request, kind: str, uploaded) -> tuple[str, dict]:
    jobs.cleanup_uploads(settings.ATLAS_IMPORT_UPLOAD_MAX_AGE)
    token = secrets.token_urlsafe(16)
    folder = jobs.tmp_root() / token
    folder.mkdir(parents=True, mode=0o700)
    name = get_valid_filename(Path(uploaded.name).name) or "upload"
    path = folder / name
    digest = hashlib.sha256()
    with path.open("wb") as fh:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            fh.write(chunk)
    entry = {"kind": kind, "file_name": uploaded.name, "path": str(path), "sha256": digest.hexdigest()}
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = entry
    request.session[SESSION_KEY] = uploads
    return token, entry


def _status_path(entry: dict) -> Path:
    return Path(entry["path"]).parent / "status.json"


def _start(entry: dict, user) -> None:
    from .tasks import confirmed_import

    jobs.enqueue(
        confirmed_import,
        _status_path(entry),
        kind=entry["kind"],
        path=entry["path"],
        file_name=entry["file_name"],
        user_id=user.pk,
        sheet=entry.get("sheet") or None,
        mapping=entry.get("mapping") or None,
    )


# ------------------------------------------------------------------ pages
class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        help_text=_("What the file holds; each kind has its own columns (see the templates)."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX or JSON; a header row first."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, k) for k in kinds]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.ATLAS_IMPORT_MAX_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported: split it."),
                params={"size": mib(uploaded.size), "limit": mib(limit)},
            )
        return uploaded


def _context(request, title: str, **extra) -> dict:
    from imports.models import ImportBatch

    return {**admin.site.each_context(request), "opts": ImportBatch._meta, "title": title, **extra}


def _kind_rows(kinds: list[str]) -> list[dict]:
    rows = []
    for kind in kinds:
        spec = registry.get(kind)
        rows.append(
            {
                "kind": kind,
                "required": [c.name for c in spec.columns if c.required],
                "columns": [c.name for c in spec.columns],
            }
        )
    return rows


def upload_view(request):
    kinds = allowed_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        token, _entry = _save_upload(request, form.cleaned_data["kind"], form.cleaned_data["file"])
        return redirect("admin:imports_importbatch_preview", token)
    context = _context(request, _("Import data"), form=form, kinds=_kind_rows(kinds))
    return TemplateResponse(request, "admin/imports/importbatch/upload.html", context)


def preview_view(request, token):
    """The dry run, computed once per upload, sheet and mapping (see the module docstring)."""
    _require_import_permission(request)
    entry = _upload(request, token)
    if entry["kind"] not in allowed_kinds(request.user):
        raise PermissionDenied
    preview = Preview.from_dict(_preview(request, token, entry))
    spec = registry.get(entry["kind"])
    context = _context(
        request,
        _("Preview: %(file)s") % {"file": entry["file_name"]},
        entry=entry,
        token=token,
        result=preview,
        changes=preview.changes,
        changes_hidden=preview.changes_hidden,
        errors=preview.errors,
        errors_hidden=max(preview.error_count - len(preview.errors), 0),
        mapping_rows=_mapping_rows(preview, entry),
        column_choices=[c.name for c in spec.columns],
    )
    return TemplateResponse(request, "admin/imports/importbatch/preview.html", context)


@dataclass
class Preview:
    """A stored dry run as the preview page shows it (the first errors and changes, and the counts)."""

    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[RowError]
    warnings: list[str]
    changes: list[RowChange]
    changes_hidden: bool
    sheet: str
    sheets: list[str]
    header: list[str]
    mapping: dict

    @classmethod
    def from_dict(cls, stored: dict) -> Preview:
        fields = {name: stored[name] for name in cls.__dataclass_fields__}
        fields["errors"] = [RowError(**error) for error in stored["errors"]]
        fields["changes"] = [RowChange(**change) for change in stored["changes"]]
        return cls(**fields)


def _preview(request, token: str, entry: dict) -> dict:
    """The stored preview of this upload, or a new dry run (stored beside the file) when the sheet or the
    mapping changed or none was made yet. A mapping remembered for the file's header is applied."""
    from imports.models import ImportColumnMapping

    cache = Path(entry["path"]).parent / "preview.json"
    options = {"sheet": entry.get("sheet", ""), "mapping": entry.get("mapping")}
    stored = jobs.read_status(cache)
    if stored and stored.get("options") == options:
        return stored
    result = _dry_run(request, entry)
    if options["mapping"] is None:
        remembered = ImportColumnMapping.objects.for_header(entry["kind"], result.header)
        _update_entry(request, token, mapping=remembered)
        options["mapping"] = entry["mapping"] = remembered
        if remembered:
            result = _dry_run(request, entry)
    _write_errors_csv(entry, result.errors)
    changes = [change for change in result.preview if change.action != "unchanged"]
    preview = {
        "options": options,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "error_count": len(result.errors),
        "errors": [error.as_dict() for error in result.errors[:ERRORS_SHOWN]],
        "warnings": result.warnings,
        "changes": [vars(change) for change in changes[:PREVIEW_ROWS_SHOWN]],
        "changes_hidden": bool(max(len(changes) - PREVIEW_ROWS_SHOWN, 0) or result.preview_truncated),
        "sheet": result.sheet,
        "sheets": list(result.sheets),
        "header": result.header,
        "mapping": result.mapping,
    }
    jobs.write_status(cache, **preview)
    return preview


def _dry_run(request, entry: dict):
    from imports.engine import run_import

    return run_import(
        entry["kind"],
        entry["path"],
        file_name=entry["file_name"],
        dry_run=True,
        user=request.user,
        sheet=entry.get("sheet") or None,
        mapping=entry.get("mapping") or None,
    )


def _update_entry(request, token: str, **changes) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {**uploads[token], **changes}
    request.session[SESSION_KEY] = uploads


def _mapping_rows(preview: Preview, entry: dict) -> list[dict]:
    """One row per header cell for the mapping form: the column it is read as, and the clerk's choice."""
    chosen = entry.get("mapping") or {}
    return [
        {"index": i, "header": raw, "read_as": preview.mapping.get(raw, ""), "chosen": chosen.get(raw)}
        for i, raw in enumerate(preview.header)
        if raw.strip()
    ]


@require_POST
def options_view(request, token):
    """The clerk's sheet and column mapping for this upload; a mapping is remembered for the header."""
    from imports.models import ImportColumnMapping

    _require_import_permission(request)
    entry = _upload(request, token)
    preview = jobs.read_status(Path(entry["path"]).parent / "preview.json") or {}
    header = preview.get("header") or []
    sheet = request.POST.get("sheet", entry.get("sheet", ""))
    if sheet != entry.get("sheet", "") and sheet in (preview.get("sheets") or []):
        _update_entry(request, token, sheet=sheet, mapping=None)  # another sheet, another header
    else:
        mapping = {}
        names = {c.name for c in registry.get(entry["kind"]).columns}
        for i, raw in enumerate(header):
            choice = request.POST.get(f"map-{i}", "")
            if choice == "-" or choice in names:
                mapping[raw] = "" if choice == "-" else choice
        _update_entry(request, token, mapping=mapping)
        if mapping:
            ImportColumnMapping.objects.remember(
                kind=entry["kind"], header=header, mapping=mapping, user=request.user
            )
    return redirect("admin:imports_importbatch_preview", token)


@require_POST
def discard_view(request, token):
    """Abandon an upload: its file, preview and error list are removed now, not in a day."""
    _require_import_permission(request)
    entry = _upload(request, token, need_file=False)
    shutil.rmtree(Path(entry["path"]).parent, ignore_errors=True)
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    messages.info(request, _("The upload was discarded."))
    return redirect("admin:imports_importbatch_upload")


def _write_errors_csv(entry: dict, errors) -> None:
    """Every error found (checking stops at ATLAS_IMPORT_MAX_ERRORS), values already cut to a readable
    length; BOM so that Excel opens Chinese text correctly."""
    path = Path(entry["path"]).parent / "errors.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(ERROR_COLUMNS)
        for error in errors:
            writer.writerow(_neutralised([error.file, error.row, error.column, error.value, error.message]))


def _neutralised(cells: list) -> list:
    """The offending values come from the uploaded file: keep a '=HYPERLINK(...)' from running in Excel."""
    return [neutralise(c) if isinstance(c, str) else c for c in cells]


def errors_csv_view(request, token):
    _require_import_permission(request)
    entry = _upload(request, token)
    path = Path(entry["path"]).parent / "errors.csv"
    if not path.exists():
        raise Http404(_("Open the preview first."))
    response = HttpResponse(path.read_bytes(), content_type="text/csv; charset=utf-8")
    stem = Path(entry["file_name"]).stem
    response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(stem)}-errors.csv"'
    return response


@require_POST
def confirm_view(request, token):
    _require_import_permission(request)
    entry = _upload(request, token, need_file=False)
    if entry["kind"] not in allowed_kinds(request.user):
        raise PermissionDenied
    if jobs.read_status(_status_path(entry)):
        messages.warning(request, _("This file was already confirmed; here is its import."))
        return redirect("admin:imports_importbatch_progress", token)
    path = Path(entry["path"])
    if not path.exists() or _sha256(path) != entry["sha256"]:
        messages.error(request, _("The uploaded file changed since its preview; upload it again."))
        return redirect("admin:imports_importbatch_upload")
    _start(entry, request.user)
    return redirect("admin:imports_importbatch_progress", token)


def progress_view(request, token):
    _require_import_permission(request)
    entry = _upload(request, token, need_file=False)
    status = jobs.job_status(_status_path(entry)) or {"state": "queued"}
    running = status["state"] in jobs.UNFINISHED
    batch_url = (
        reverse("admin:imports_importbatch_change", args=[status["batch_id"]])
        if status.get("batch_id")
        else ""
    )
    percent = int(100 * status.get("rows_done", 0) / status["rows_total"]) if status.get("rows_total") else 0
    context = _context(
        request,
        f"{'Importing' if running else 'Import of'} {entry['file_name']}",
        entry=entry,
        token=token,
        status=status,
        running=running,
        percent=percent,
        batch_url=batch_url,
    )
    return TemplateResponse(request, "admin/imports/importbatch/progress.html", context)


@require_POST
def retry_view(request, token):
    """Start an interrupted import again (nothing of it was written; its file is still here)."""
    from .tasks import confirmed_import

    _require_import_permission(request)
    entry = _upload(request, token)
    if entry["kind"] not in allowed_kinds(request.user):
        raise PermissionDenied
    status = jobs.job_status(_status_path(entry)) or {}
    if status.get("state") == "interrupted":
        jobs.retry(confirmed_import, _status_path(entry))
    return redirect("admin:imports_importbatch_progress", token)


def _csv_response(kind: str, suffix: str, header: list[str], rows: list[list[str]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{suffix}.csv"'
    return response


def _spec_for(request, kind: str):
    if kind not in allowed_kinds(request.user):
        raise Http404(f"No import of '{kind}' for you.")
    return registry.get(kind)


def template_view(request, kind):
    """An empty file: the canonical header of the kind, straight from the pipeline's column definitions."""
    spec = _spec_for(request, kind)
    return _csv_response(kind, "template", [c.name for c in spec.columns], [])


def example_view(request, kind):
    """The header and a few real rows from the bundled data (data/<kind>.csv), in the canonical columns."""
    spec = _spec_for(request, kind)
    columns = [c.name for c in spec.columns]
    rows = []
    data_file = Path(settings.BASE_DIR) / "data" / f"{kind}.csv"
    if data_file.exists():
        with data_file.open(encoding="utf-8-sig", newline="") as fh:
            for i, record in enumerate(csv.DictReader(fh)):
                if i >= EXAMPLE_ROWS:
                    break
                rows.append([record.get(name, "") or "" for name in columns])
    return _csv_response(kind, "example", columns, rows)
