"""Reading an uploaded or local file as a header and a stream of rows, without holding it whole.

CSV is read through a text wrapper over the binary file (the encoding is detected first: UTF-8 with or
without BOM, else GB18030, which covers GBK/GB2312); XLSX through openpyxl in read-only mode; JSON (a
list of objects) is parsed whole, so it is meant for modest files. Every cell becomes a stripped string.
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
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1 << 20
csv.field_size_limit(10 * 1024 * 1024)


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


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


def _digest(fh: BinaryIO, limit: int) -> tuple[str, int, int]:
    """SHA-256, size and line-break count of the file, reading it once in chunks."""
    fh.seek(0)
    sha = hashlib.sha256()
    size = lines = 0
    while block := fh.read(CHUNK):
        sha.update(block)
        size += len(block)
        lines += block.count(b"\n")
        if size > limit:
            raise FileProblem(
                f"the file is larger than the limit of {limit:,} bytes (ATLAS_IMPORT_MAX_BYTES); "
                "split it into smaller files"
            )
    fh.seek(0)
    return sha.hexdigest(), size, lines


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
                text = decoder.decode(block)
                if "\x00" in text:
                    raise UnicodeDecodeError(encoding, block, 0, 1, "NUL character")
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
        "'CSV UTF-8' or XLSX, or name its encoding with --encoding"
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
            f"the file is not valid {encoding} text ({exc.reason}); try another --encoding"
        ) from None
    if not first.strip():
        raise FileProblem("the file is empty (no header row)")
    # Excel in some locales writes ';' or tab separated "CSV".
    delimiter = max((",", ";", "\t"), key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    reader = csv.reader(stream, delimiter=delimiter)

    def rows():
        try:
            for number, cells in enumerate(reader, start=2):
                yield number, list(map(str.strip, cells))
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"the file is not valid {encoding} text ({exc.reason}); try --encoding"
            ) from None
        except csv.Error as exc:
            raise FileProblem(f"the CSV cannot be parsed near row {reader.line_num}: {exc}") from None

    return header, rows(), stream


def _xlsx_rows(fh: BinaryIO, sheet: str | None):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fh, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(f"the file is not an Excel .xlsx spreadsheet ({exc})") from None
    if sheet:
        if sheet not in workbook.sheetnames:
            raise FileProblem(
                f"there is no sheet '{sheet}'; the sheets are: {', '.join(workbook.sheetnames)}"
            )
        worksheet = workbook[sheet]
    else:
        worksheet = workbook.worksheets[0]
    values = worksheet.iter_rows(values_only=True)
    header_row = next(values, None)
    if header_row is None or not any(v not in (None, "") for v in header_row):
        workbook.close()
        raise FileProblem("the sheet is empty (no header row)")
    header = [_cell(v) for v in header_row]
    while header and not header[-1]:
        header.pop()
    total = max((worksheet.max_row or 1) - 1, 0)

    def rows():
        try:
            for number, row in enumerate(values, start=2):
                yield number, [_cell(v) for v in row]
        finally:
            workbook.close()

    return header, rows(), total


def _json_rows(fh: BinaryIO, encoding: str | None):
    wrapper = io.TextIOWrapper(fh, encoding=encoding or "utf-8-sig")
    try:
        data = json.load(wrapper)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileProblem(f"the file is not valid JSON ({exc})") from None
    finally:
        wrapper.detach()  # the binary file stays ours to close
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileProblem("a JSON file must hold a list of objects, one per row")
    if not data:
        raise FileProblem("the file holds no rows")
    header: list[str] = []
    for item in data:
        header.extend(key for key in item if key not in header)

    def rows():
        # JSON rows are numbered like a spreadsheet: the first object is row 2.
        for number, item in enumerate(data, start=2):
            yield number, [_cell(item.get(key)) for key in header]

    return header, rows(), len(data)


def open_table(
    source, *, file_name: str | None = None, encoding: str | None = None, sheet: str | None = None
) -> Table:
    """Open `source` (path or binary file) as a Table. Raises FileProblem for unreadable files."""
    fh, name, owned = _as_file(source)
    try:
        table = _open(fh, file_name or name, encoding, sheet)
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


def _open(fh, name: str, encoding: str | None, sheet: str | None) -> Table:
    sha, size, lines = _digest(fh, settings.ATLAS_IMPORT_MAX_BYTES)
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
        header, rows, total = _xlsx_rows(fh, sheet)
        return Table(name, size, sha, header, rows, total, "xlsx")
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("old Excel .xls files are not supported; save the sheet as .xlsx or CSV UTF-8")
    if suffix == ".json":
        header, rows, total = _json_rows(fh, encoding)
        return Table(name, size, sha, header, rows, total, "json")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileProblem(f"unknown encoding '{encoding}'") from None
    else:
        encoding = detect_encoding(fh)
    header, rows, stream = _csv_rows(fh, encoding)
    table = Table(name, size, sha, [h.strip() for h in header], rows, max(lines - 1, 1), encoding)
    table.stream = stream
    return table
