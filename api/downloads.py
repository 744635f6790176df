"""Downloads of the public lists: CSV, XLSX or JSON holding exactly the rows the list shows for the
same address (its FilterSet, lenient like the page: a bad value is ignored, not an error), capped at
ATLAS_DOWNLOAD_MAX_ROWS rows (stated on every list page).

Nothing is held whole in memory: CSV and JSON are streamed as the rows are read (the query runs in
chunks, prefetches per chunk); XLSX cannot be streamed by openpyxl, so its write-only workbook goes
to a temporary file that is then sent in pieces. Every row carries ``sources``, the URLs of the
documents its facts come from; the JSON and the XLSX "about" sheet add a citation note."""

import csv
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from industries.filters import IndustryFilter
from policies.filters import PolicyFilter
from policies.models import PolicyDocument
from zones.filters import ZoneFilter
from zones.models import Industry, Zone

from . import serializers

CHUNK = 2000
CITATION = _(
    "Zone Atlas, retrieved {date}. Each row's facts come from the documents in its 'sources' column; "
    "cite those. Filters applied: {query}"
)


@dataclass(frozen=True)
class DownloadList:
    """One public list as a download: its filters, its rows (as its page orders them) and its columns."""

    filterset_class: type
    queryset: Callable[[dict], QuerySet]  # the page's base rows for the request's parameters
    serializer_class: type


def _industry_rows(params) -> QuerySet:
    # As the industries page: without a search its tree stops at GB/T divisions (level 2).
    return Industry.objects.for_api().tree_nodes(max_level=None if params.get("q") else 2)


LISTS = {
    "zones": DownloadList(ZoneFilter, lambda params: Zone.objects.for_api(), serializers.ZoneSerializer),
    "enterprises": DownloadList(
        EnterpriseFilter, lambda params: Enterprise.objects.for_api(), serializers.EnterpriseSerializer
    ),
    "industries": DownloadList(IndustryFilter, _industry_rows, serializers.IndustrySerializer),
    "policies": DownloadList(
        PolicyFilter, lambda params: PolicyDocument.objects.for_api(), serializers.PolicySerializer
    ),
}
FORMATS = ("csv", "xlsx", "json")


@dataclass
class Download:
    """The rows of one list for one address, ready to be written in any format."""

    name: str
    columns: list[str]
    rows: Iterator[dict]
    total: int
    cap: int
    query: str

    @property
    def truncated(self) -> bool:
        return self.total > self.cap

    def citation(self) -> str:
        return str(CITATION).format(date=date.today().isoformat(), query=self.query or "-")


def download_for(name: str, request) -> Download:
    """The filtered rows of list ``name`` for the request's query string (page number ignored)."""
    spec = LISTS[name]
    params = request.GET.copy()
    params.pop("page", None)
    filterset = spec.filterset_class(params, queryset=spec.queryset(params), request=request)
    qs = filterset.qs
    cap = settings.ATLAS_DOWNLOAD_MAX_ROWS
    serializer = spec.serializer_class(context={"request": request})
    columns = list(serializer.fields)

    def rows():
        for obj in qs[:cap].iterator(chunk_size=CHUNK):
            yield serializer.to_representation(obj)

    return Download(name, columns, rows(), qs.count(), cap, params.urlencode())


# ---------------------------------------------------------------- writers


def flat(value) -> str:
    """A cell: lists joined with "; ", booleans as true/false, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(flat(item) for item in value)
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run: text that opens like a formula ("=HYPERLINK(...)", "@SUM")
    gets a leading apostrophe (OWASP's advice for CSV injection); numbers such as "-1.5" stay as
    they are. Names come from imported files, which anyone with an import role can write."""
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_chunks(download: Download) -> Iterator[str]:
    # The byte-order mark lets Excel read the Chinese names as UTF-8.
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(download.columns)
    for row in download.rows:
        yield writer.writerow([spreadsheet_safe(flat(row[column])) for column in download.columns])


def json_chunks(download: Download) -> Iterator[str]:
    head = {
        "list": download.name,
        "query": download.query,
        "count": min(download.total, download.cap),
        "total": download.total,
        "cap": download.cap,
        "truncated": download.truncated,
        "citation": download.citation(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    for position, row in enumerate(download.rows):
        yield ("," if position else "") + json.dumps(row, ensure_ascii=False, default=str)
    yield "]}"


def xlsx_file(download: Download):
    """A temporary file holding the workbook (deleted when closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(download.name)
    sheet.append(download.columns)
    for row in download.rows:
        sheet.append([spreadsheet_safe(flat(row[column])) for column in download.columns])
    about = workbook.create_sheet("about")
    about.append([str(_("Citation")), download.citation()])
    about.append([str(_("Rows")), min(download.total, download.cap)])
    about.append([str(_("Rows matching the filters")), download.total])
    about.append([str(_("Row cap")), download.cap])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
