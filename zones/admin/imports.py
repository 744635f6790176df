"""The admin's import pages: upload → dry-run preview → confirm → progress → batch.

Everything goes through the one pipeline, ``zones.importing.run_import`` (the CLI and the bundled loader
use it too); this module only handles files, the session and the pages.

* **Upload.** The file is written to a private temporary folder (``ATLAS_IMPORT_TMP_DIR``, default
  ``<tmp>/zone-atlas-imports/<token>/``); the session keeps its path and SHA-256 under a random token, so
  the uploader alone can preview and confirm it.
* **Preview.** A dry run with the acting user (a zone editor's rows outside their zones are errors):
  counts, a row-by-row diff of what would change, or every error, also downloadable as CSV.
* **Confirm.** The SHA-256 is checked again (the file on disk must be the one previewed), then the real
  import runs in a **background thread** and the browser is sent to a progress page that refreshes itself
  (``<meta http-equiv="refresh">``; no JavaScript). Why a thread: a 100,000-row file takes seconds to
  tens of seconds, longer than a proxy should hold a request, and the project has no task queue (adding
  Celery or RQ for one page would be out of proportion). The thread opens its own database connection
  and closes it at the end.
* **Progress.** The pipeline writes a file in one transaction (all or nothing), so the ImportBatch row it
  creates is invisible to other connections until the end; progress therefore goes to a small JSON status
  file beside the upload, written atomically by the pipeline's progress callback, and read by the progress
  page (this also works with several server processes on one machine). When the run ends, the status file
  names the batch, and the page links to it.

* **Rollback** (from the batch page, batches.py) uses the same machinery: the conflict check is a read and
  runs in the request (so the "roll back anyway" page appears at once); the rollback itself, which can
  touch every row of a large batch, runs in a thread with a self-refreshing page.

Limits: the thread dies with its server process (a restart mid-import leaves the status "running";
since nothing is committed until the end, the database is unchanged and the file can be imported again).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import secrets
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zones.importing import registry
from zones.roles import is_zone_restricted

from . import jobs

logger = logging.getLogger(__name__)

SESSION_KEY = "atlas_imports"
PREVIEW_ROWS_SHOWN = 500
ERRORS_SHOWN = 500
EXAMPLE_ROWS = 5
ERROR_COLUMNS = ["file", "row", "column", "value", "message"]


# ------------------------------------------------------------------ permissions and kinds
def allowed_kinds(user) -> list[str]:
    """The kinds this user may import: their model permissions, and for zone editors only zone-bound kinds."""
    if not user.has_perm("zones.add_importbatch"):
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
    """A stored error (ImportBatch.errors holds RowError.as_dict()) read the way RowError.__str__ reads it."""
    where = ", ".join(
        part
        for part in (
            error.get("file") or "",
            f"row {error['row']}" if error.get("row") else "",
            f"column {error['column']}" if error.get("column") else "",
        )
        if part
    )
    value = error.get("value")
    shown = "" if value is None else (f"'{value}' " if value != "" else "(empty) ")
    text = f"{shown}{error.get('message', '')}"
    return f"{where}: {text}" if where else text


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
    jobs.cleanup_uploads()
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
    kwargs = {
        "kind": entry["kind"],
        "path": entry["path"],
        "file_name": entry["file_name"],
        "user_id": user.pk,
        "status_file": _status_path(entry),
    }
    jobs.write_status(kwargs["status_file"], state="starting", rows_done=0, rows_total=0)
    jobs.run_in_background(jobs.run_confirmed_import, kwargs, name="atlas-import")


# ------------------------------------------------------------------ pages
class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        help_text=gettext_lazy("What the file holds; each kind has its own columns (see the templates)."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX or JSON; a header row first."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, k) for k in kinds]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.ATLAS_IMPORT_MAX_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; files up to %(limit).0f MB can be imported. "
                    "Split it into several files."
                )
                % {"size": uploaded.size / 1e6, "limit": limit / 1e6}
            )
        return uploaded


def _context(request, title: str, **extra) -> dict:
    from zones.models import ImportBatch

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
        return redirect("admin:zones_importbatch_preview", token)
    context = _context(request, _("Import data"), form=form, kinds=_kind_rows(kinds))
    return TemplateResponse(request, "admin/zones/importbatch/upload.html", context)


def preview_view(request, token):
    """The dry run. It is repeated on every visit (cheap, and it reflects the database as it is now)."""
    from zones.importing.engine import run_import

    _require_import_permission(request)
    entry = _upload(request, token)
    if entry["kind"] not in allowed_kinds(request.user):
        raise PermissionDenied
    result = run_import(
        entry["kind"], entry["path"], file_name=entry["file_name"], dry_run=True, user=request.user
    )
    _write_errors_csv(entry, result.errors)
    changes = [change for change in result.preview if change.action != "unchanged"]
    context = _context(
        request,
        _("Preview: %(file)s") % {"file": entry["file_name"]},
        entry=entry,
        token=token,
        result=result,
        changes=changes[:PREVIEW_ROWS_SHOWN],
        changes_hidden=max(len(changes) - PREVIEW_ROWS_SHOWN, 0) or result.preview_truncated,
        errors=result.errors[:ERRORS_SHOWN],
        errors_hidden=max(len(result.errors) - ERRORS_SHOWN, 0),
    )
    return TemplateResponse(request, "admin/zones/importbatch/preview.html", context)


def _write_errors_csv(entry: dict, errors) -> None:
    path = Path(entry["path"]).parent / "errors.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens Chinese text correctly
        writer = csv.writer(fh)
        writer.writerow(ERROR_COLUMNS)
        for error in errors:
            writer.writerow(_neutralised([error.file, error.row, error.column, error.value, error.message]))


def _neutralised(cells: list) -> list:
    """The offending values come from the uploaded file: keep a '=HYPERLINK(...)' from running in Excel."""
    return [f"'{c}" if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in cells]


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
        return redirect("admin:zones_importbatch_progress", token)
    path = Path(entry["path"])
    if not path.exists() or _sha256(path) != entry["sha256"]:
        messages.error(request, _("The uploaded file changed since its preview; upload it again."))
        return redirect("admin:zones_importbatch_upload")
    _start(entry, request.user)
    return redirect("admin:zones_importbatch_progress", token)


def progress_view(request, token):
    _require_import_permission(request)
    entry = _upload(request, token, need_file=False)
    status = jobs.read_status(_status_path(entry)) or {"state": "starting"}
    running = status["state"] in ("starting", "running")
    batch_url = (
        reverse("admin:zones_importbatch_change", args=[status["batch_id"]]) if status.get("batch_id") else ""
    )
    percent = int(100 * status.get("rows_done", 0) / status["rows_total"]) if status.get("rows_total") else 0
    context = _context(
        request,
        f"{'Importing' if running else 'Import of'} {entry['file_name']}",
        entry=entry,
        status=status,
        running=running,
        percent=percent,
        batch_url=batch_url,
    )
    return TemplateResponse(request, "admin/zones/importbatch/progress.html", context)


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
