"""Reading an uploaded or local file as a header and a stream of rows, without holding it whole.

CSV is read through a text wrapper over the binary file (the encoding is detected first: UTF-8 with or
without BOM, else GB18030, which covers GBK/GB2312); XLSX through openpyxl in read-only mode; JSON (a
list of objects) is parsed whole, so it has a smaller size limit. Every cell becomes a stripped string.

Limits (settings `ATLAS_IMPORT_MAX_*`) are checked before a part is read where the file says how big it
is (an XLSX's unpacked parts, its shared-string table, its dimension) and again while rows stream (rows,
columns), so a hostile file is refused within the import's usual memory. Cell length is checked by the
engine, which can name the row and column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1 << 20
# The csv module's own guard against runaway fields; cells above ATLAS_IMPORT_MAX_CELL_CHARS but below
# this are reported by the engine with their row, column and size.
CSV_FIELD_LIMIT = 1 << 20
csv.field_size_limit(CSV_FIELD_LIMIT)


class FileProblem(Exception):
    """The file (or the row `row`, column `column` of it) cannot be read; the message says why and what
    to do."""

    def __init__(self, message: str, *, row: int = 0, column: str = "", sheets: tuple[str, ...] = ()):
        super().__init__(message)
        self.row = row
        self.column = column
        self.sheets = sheets  # a workbook's sheets, when the problem is which one to read


def mib(size: int) -> str:
    """A size as people read it: 100 MiB, 1.5 MiB, 512 KiB (binary units, as the limits are set)."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _too_many_rows(limit: int) -> FileProblem:
    return FileProblem(
        f"the file has more than {limit:,} data rows (ATLAS_IMPORT_MAX_ROWS); split it into smaller files"
    )


def _too_many_columns(count: int, limit: int) -> FileProblem:
    return FileProblem(
        f"the file has {count:,} columns; at most {limit:,} are read (ATLAS_IMPORT_MAX_COLUMNS)"
    )


@dataclass
class Table:
    file_name: str
    size: int
    sha256: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number as the user sees it, cells)
    total: int  # rows expected (exact for XLSX/JSON, an estimate from line breaks for CSV)
    encoding: str = ""
    close: Callable[[], object] = lambda: None  # closes the file when open_table opened it
    stream: object = None
    sheet: str = ""  # the XLSX sheet read
    sheets: tuple[str, ...] = ()  # every sheet of an XLSX, for the admin's sheet picker
    notes: tuple[str, ...] = ()  # what the clerk should know (e.g. sheets left unread)


def _as_file(source) -> tuple[BinaryIO, str, bool]:
    """A seekable binary file for `source` (a path or a file object), its name, and whether we opened it."""
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), Path(source).name, True
    name = Path(getattr(source, "name", "") or "upload").name
    if hasattr(source, "seekable") and source.seekable():
        return source, name, False
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)
    shutil.copyfileobj(source, spooled)
    spooled.seek(0)
    return spooled, name, True


@dataclass
class Digest:
    sha256: str
    size: int
    lines: int
    nul: tuple[int, int] | None  # (line, byte offset) of the first NUL byte, which no text file has


def _digest(fh: BinaryIO, limit: int) -> Digest:
    """SHA-256, size, line-break count and first NUL byte of the file, reading it once in chunks."""
    fh.seek(0)
    sha = hashlib.sha256()
    size = lines = 0
    nul = None
    while block := fh.read(CHUNK):
        sha.update(block)
        if nul is None and (at := block.find(b"\x00")) >= 0:
            nul = (lines + block.count(b"\n", 0, at) + 1, size + at)
        size += len(block)
        lines += block.count(b"\n")
        if size > limit:
            raise FileProblem(
                f"the file is larger than the limit of {mib(limit)} (ATLAS_IMPORT_MAX_BYTES); "
                "split it into smaller files"
            )
    fh.seek(0)
    return Digest(sha.hexdigest(), size, lines, nul)


def _refuse_nul(nul: tuple[int, int]) -> None:
    """A NUL byte is never text in UTF-8 or GB18030: name the row it is on, not a decoder's byte."""
    row, offset = nul
    raise FileProblem(
        f"holds a NUL byte (byte {offset:,} of the file), which text never has: the file is binary or "
        "UTF-16. Save it as 'CSV UTF-8' or XLSX",
        row=row,
    )


def detect_encoding(fh: BinaryIO) -> str:
    """utf-8-sig, utf-8 or gb18030: the first that decodes the whole file strictly."""
    fh.seek(0)
    head = fh.read(4)
    fh.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    failures = []
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        offset = 0
        try:
            while block := fh.read(CHUNK):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            failures.append(f"{encoding} fails at byte {offset + exc.start}")
            fh.seek(0)
            continue
        fh.seek(0)
        return encoding
    fh.seek(0)
    raise FileProblem(
        "the file is not text in UTF-8 or GB18030/GBK (" + "; ".join(failures) + "). Save it as "
        "'CSV UTF-8' or XLSX"
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    return str(value).strip()


def _csv_rows(fh: BinaryIO, encoding: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    stream = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    try:
        first = stream.readline()
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"the file is not valid {encoding} text ({exc.reason}); save it as 'CSV UTF-8' or XLSX"
        ) from None
    if not first.strip():
        raise FileProblem("the file is empty (no header row)")
    # Excel in some locales writes ';' or tab separated "CSV".
    delimiter = max((",", ";", "\t"), key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    limits = settings.ATLAS_IMPORT_MAX_COLUMNS, settings.ATLAS_IMPORT_MAX_ROWS
    if len(header) > limits[0]:
        raise _too_many_columns(len(header), limits[0])
    reader = csv.reader(stream, delimiter=delimiter)

    def rows():
        try:
            for number, cells in enumerate(reader, start=2):
                if number - 1 > limits[1]:
                    raise _too_many_rows(limits[1])
                yield number, list(map(str.strip, cells))
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"the file is not valid {encoding} text ({exc.reason}); save it as 'CSV UTF-8' or XLSX"
            ) from None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise FileProblem(
                    f"a cell near row {reader.line_num + 1} is longer than {mib(CSV_FIELD_LIMIT)}; at most "
                    f"{settings.ATLAS_IMPORT_MAX_CELL_CHARS:,} characters are allowed",
                    row=reader.line_num + 1,
                ) from None
            raise FileProblem(f"the CSV cannot be parsed near row {reader.line_num}: {exc}") from None

    return header, rows(), stream


def _check_xlsx_parts(fh: BinaryIO) -> None:
    """Refuse an XLSX whose parts unpack beyond the limits, before openpyxl reads any of them.

    The zip's directory states each part's unpacked size, and Python's zip reader never returns more
    than that size, so these checks hold even for a file that lies about them."""
    try:
        with zipfile.ZipFile(fh) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileProblem(f"the file is not an Excel .xlsx spreadsheet ({exc})") from None
    finally:
        fh.seek(0)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES:
        raise FileProblem(
            f"the spreadsheet unpacks to {mib(unpacked)}; at most "
            f"{mib(settings.ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES)} is read "
            "(ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES); split it into smaller files"
        )
    sheets = [part for part in parts if part.filename.lower().startswith("xl/worksheets/")]
    with zipfile.ZipFile(fh) as archive:
        for part in sheets:
            _scan_sheet(archive, part.filename)
    fh.seek(0)
    strings = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
    if strings > settings.ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES:
        raise FileProblem(
            f"the spreadsheet's text table (sharedStrings.xml) unpacks to {mib(strings)}; at most "
            f"{mib(settings.ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES)} is read "
            "(ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES): a cell holds far more text than any import needs"
        )


ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")


def _scan_sheet(archive: zipfile.ZipFile, name: str) -> None:
    """One pass over a sheet's raw XML, before openpyxl opens the workbook, refusing what would cost it
    more than the import's memory:

    * a text longer than a cell may be (openpyxl would build it whole: a 100 MB cell took 281 MB): a run of
      bytes without '<' longer than ATLAS_IMPORT_MAX_CELL_CHARS could be, escaped (6 bytes a character);
    * a sheet without <dimension> past the row limit: openpyxl parses all of such a sheet when the
      workbook opens, keeping a node per row (3 million rows took 40 s and 340 MB). A sheet that states
      its dimension is checked against it later (_check_sheet)."""
    max_rows = settings.ATLAS_IMPORT_MAX_ROWS + 1  # the header row too
    longest = settings.ATLAS_IMPORT_MAX_CELL_CHARS * 6
    with archive.open(name) as part:
        block = part.read(CHUNK)
        start = block.find(b"sheetData")
        sized = 0 <= block.find(b"<dimension") < start or (start < 0 and b"<dimension" in block)
        rows, run, tail = 0, 0, b""
        while block:
            pieces = block.split(b"<")
            run += len(pieces[0])  # the text run the previous block ended in goes on
            if run > longest or (len(pieces) > 2 and max(map(len, pieces[1:-1])) > longest):
                raise FileProblem(
                    f"the sheet holds a cell longer than {settings.ATLAS_IMPORT_MAX_CELL_CHARS:,} characters "
                    "(ATLAS_IMPORT_MAX_CELL_CHARS); no column takes that much text"
                )
            if len(pieces) > 1:
                run = len(pieces[-1])
            if not sized:
                window = tail + block
                rows += sum(window.count(tag) for tag in ROW_TAGS)
                if rows > max_rows:
                    raise _too_many_rows(settings.ATLAS_IMPORT_MAX_ROWS)
                # The last bytes hold no whole tag: a tag split between blocks is counted once.
                tail = window[-4:]
            block = part.read(CHUNK)


def _first_row(worksheet) -> list[str]:
    limit = settings.ATLAS_IMPORT_MAX_COLUMNS
    row = next(worksheet.iter_rows(max_row=1, max_col=limit + 1, values_only=True), None) or ()
    header = [_cell(v) for v in row]
    while header and not header[-1]:
        header.pop()
    return header


def _pick_sheet(workbook, sheet: str | None, header_ok) -> tuple[object, tuple[str, ...]]:
    """The worksheet to read and notes for the clerk. A named sheet must exist; else the only sheet, or
    the only one whose first row is the kind's header; a workbook where that is ambiguous is refused
    (never a sheet dropped without saying so)."""
    names = workbook.sheetnames
    if sheet:
        if sheet not in names:
            raise FileProblem(f"there is no sheet '{sheet[:100]}'; the sheets are: {', '.join(names)}")
        return workbook[sheet], ()
    if len(names) == 1:
        return workbook.worksheets[0], ()
    fitting = [name for name in names if header_ok is None or header_ok(_first_row(workbook[name]))]
    if len(fitting) == 1:
        others = [name for name in names if name != fitting[0]]
        note = f"read the sheet '{fitting[0]}', the only one with this kind's header; not read: " + ", ".join(
            f"'{name}'" for name in others
        )
        return workbook[fitting[0]], (note,)
    which = (
        "none of them has this kind's header"
        if not fitting
        else "several have this kind's header (" + ", ".join(fitting) + ")"
    )
    raise FileProblem(
        f"the workbook has {len(names)} sheets ({', '.join(names)}) and {which}: choose the sheet to "
        "import (--sheet on the command line; the sheet picker in the admin)",
        sheets=tuple(names),
    )


def _xlsx_rows(fh: BinaryIO, sheet: str | None, header_ok):
    from openpyxl import load_workbook

    _check_xlsx_parts(fh)
    try:
        with warnings.catch_warnings():
            # "Workbook contains no default style": true of many exported files; nothing a clerk can act on.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = load_workbook(fh, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(f"the file is not an Excel .xlsx spreadsheet ({exc})") from None
    try:
        worksheet, notes = _pick_sheet(workbook, sheet, header_ok)
        header, total = _check_sheet(worksheet)
    except BaseException:
        workbook.close()
        raise
    limit = settings.ATLAS_IMPORT_MAX_ROWS
    # Cells right of the header are never built: they have no column to go to, and a row can claim 16,384.
    values = worksheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)

    def rows():
        try:
            for number, row in enumerate(values, start=2):
                if number - 1 > limit:
                    raise _too_many_rows(limit)
                yield number, [_cell(v) for v in row]
        finally:
            workbook.close()

    return header, rows(), total, worksheet.title, tuple(workbook.sheetnames), notes


def _check_sheet(worksheet) -> tuple[list[str], int]:
    """The sheet's header and its row count, refusing it when its stated dimension is over the limits."""
    max_rows, max_columns = settings.ATLAS_IMPORT_MAX_ROWS, settings.ATLAS_IMPORT_MAX_COLUMNS
    stated_rows = (worksheet.max_row or 1) - 1
    if stated_rows > max_rows:
        raise _too_many_rows(max_rows)
    # A stated dimension can be wrong (too small, from some exporters), and openpyxl would stop reading
    # at it, dropping rows silently: read the rows that are there (the row limit holds while streaming).
    worksheet.reset_dimensions()
    header = _first_row(worksheet)
    if not any(header):
        raise FileProblem(f"the sheet '{worksheet.title}' is empty (no header row)")
    if len(header) > max_columns:
        raise _too_many_columns(len(header), max_columns)
    return header, max(stated_rows, 0)


def _json_value(value, number: int, key: str) -> str:
    nested = isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
    if isinstance(value, dict) or nested:
        raise FileProblem(
            "holds a JSON object or nested list; a cell is text, a number, true/false or a list of those",
            row=number,
            column=key[:100],
        )
    return _cell(value)


def _json_rows(fh: BinaryIO, encoding: str | None, size: int):
    limit = settings.ATLAS_IMPORT_MAX_JSON_BYTES
    if size > limit:
        raise FileProblem(
            f"the JSON file is {mib(size)}; JSON files up to {mib(limit)} are read "
            "(ATLAS_IMPORT_MAX_JSON_BYTES): use CSV or XLSX for larger files"
        )
    wrapper = io.TextIOWrapper(fh, encoding=encoding or "utf-8-sig")
    try:
        data = json.load(wrapper)
    except RecursionError:
        raise FileProblem(
            "the JSON is nested too deeply; a file is a list of flat objects, one per row"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileProblem(f"the file is not valid JSON ({str(exc)[:200]})") from None
    finally:
        wrapper.detach()  # the binary file stays ours to close
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileProblem("a JSON file must hold a list of objects, one per row")
    if not data:
        raise FileProblem("the file holds no rows")
    if len(data) > settings.ATLAS_IMPORT_MAX_ROWS:
        raise _too_many_rows(settings.ATLAS_IMPORT_MAX_ROWS)
    header: list[str] = []
    for item in data:
        header.extend(str(key) for key in item if key not in header)
        if len(header) > settings.ATLAS_IMPORT_MAX_COLUMNS:
            raise _too_many_columns(len(header), settings.ATLAS_IMPORT_MAX_COLUMNS)

    def rows():
        # JSON rows are numbered like a spreadsheet: the first object is row 2.
        for number, item in enumerate(data, start=2):
            yield number, [_json_value(item.get(key), number, key) for key in header]

    return header, rows(), len(data)


def open_table(
    source,
    *,
    file_name: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    header_ok: Callable[[list[str]], bool] | None = None,
) -> Table:
    """Open `source` (path or binary file) as a Table. Raises FileProblem for unreadable files.

    `header_ok(header)` says whether a sheet's first row is the kind's header (to pick the sheet of a
    multi-sheet XLSX when none is named)."""
    fh, name, owned = _as_file(source)
    try:
        table = _open(fh, file_name or name, encoding, sheet, header_ok)
    except BaseException:
        if owned:
            fh.close()
        raise
    stream = getattr(table, "stream", None)
    if owned:
        table.close = stream.close if stream is not None else fh.close
    elif stream is not None:
        table.close = stream.detach  # leave the caller's file open
    return table


def _open(fh, name: str, encoding: str | None, sheet: str | None, header_ok) -> Table:
    digest = _digest(fh, settings.ATLAS_IMPORT_MAX_BYTES)
    sha, size = digest.sha256, digest.size
    if size == 0:
        raise FileProblem("the file is empty")
    head = fh.read(8)
    fh.seek(0)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK\x03\x04"):
            raise FileProblem(
                "the file is named .xlsx but is not an Excel spreadsheet; save it again as .xlsx"
            )
        header, rows, total, title, sheets, notes = _xlsx_rows(fh, sheet, header_ok)
        return Table(name, size, sha, header, rows, total, "xlsx", sheet=title, sheets=sheets, notes=notes)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("old Excel .xls files are not supported; save the sheet as .xlsx or CSV UTF-8")
    if digest.nul is not None and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _refuse_nul(digest.nul)
    if suffix == ".json":
        header, rows, total = _json_rows(fh, encoding, size)
        return Table(name, size, sha, header, rows, total, "json")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileProblem(f"unknown encoding '{encoding[:40]}'") from None
    else:
        encoding = detect_encoding(fh)
    header, rows, stream = _csv_rows(fh, encoding)
    table = Table(name, size, sha, [h.strip() for h in header], rows, max(digest.lines - 1, 1), encoding)
    table.stream = stream
    return table
