"""Hostile files, generated (never committed): used by the tests (small sizes) and by bench/hostile.py
(the sizes of the acceptance run). Each writes `path` and returns it.

The XLSX files are written part by part with zipfile, streaming, so a 3-million-row sheet or a 100 MB
shared string costs the generator no memory; they are minimal but valid workbooks that openpyxl reads.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{ooxml}.sheet.main+xml"/>
{sheets}
<Override PartName="/xl/sharedStrings.xml" ContentType="{ooxml}.sharedStrings+xml"/>
</Types>"""
SHEET_TYPE = f'<Override PartName="/xl/worksheets/sheet{{n}}.xml" ContentType="{OOXML}.worksheet+xml"/>'
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>{sheets}</sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}
<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _row_xml(cells: Iterable) -> str:
    """A row without cell references (optional in the format: cells and rows are then counted)."""
    parts = []
    for value in cells:
        if isinstance(value, int):  # an index into the shared strings
            parts.append(f'<c t="s"><v>{value}</v></c>')
        else:
            parts.append(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    return f"<row>{''.join(parts)}</row>"


def write_xlsx(
    path: Path,
    sheets: dict[str, Iterable[list[str]]],
    *,
    shared_string_chars: int = 0,
    strings: list[str] = (),
    dimension: str | None = None,
    padding_bytes: int = 0,
) -> Path:
    """A workbook of `sheets` ({name: rows, header first}) with inline strings. `shared_string_chars`
    adds one shared string of that many characters, used by cell A2 of the first sheet;
    `padding_bytes` pads the first sheet with that much whitespace (a zip bomb: it compresses ~1000:1)."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        types = "\n".join(SHEET_TYPE.format(n=n) for n in range(1, len(names) + 1))
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=types, ooxml=OOXML))
        archive.writestr("_rels/.rels", ROOT_RELS.replace("{REL}", REL))
        archive.writestr(
            "xl/workbook.xml",
            WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, name in enumerate(names, start=1)
                )
            ),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.replace("{REL}", REL).format(
                rels="".join(
                    f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
                    f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
                    for n in range(1, len(names) + 1)
                )
            ),
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            count = 1 if shared_string_chars else len(strings)
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                + f'count="{count}" uniqueCount="{count}">'.encode()
            )
            if shared_string_chars:
                part.write(b"<si><t>")
                chunk = b"A" * (1 << 20)
                left = shared_string_chars
                while left > 0:
                    part.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
                part.write(b"</t></si>")
            for text in strings:
                part.write(f"<si><t>{escape(text)}</t></si>".encode())
            part.write(b"</sst>")
        for n, rows in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                dim = f'<dimension ref="{dimension}"/>' if dimension and n == 1 else ""
                part.write(SHEET_HEAD.format(dimension=dim).encode())
                buffer = []
                for number, cells in enumerate(rows, start=1):
                    if number == 2 and n == 1 and shared_string_chars:
                        buffer.append('<row><c t="s"><v>0</v></c></row>')
                        continue
                    buffer.append(_row_xml(cells))
                    if len(buffer) >= 10_000:
                        part.write("".join(buffer).encode())
                        buffer = []
                part.write("".join(buffer).encode())
                if n == 1 and padding_bytes:
                    block = b" " * (1 << 20)
                    for _ in range(padding_bytes >> 20):
                        part.write(block)
                part.write(SHEET_TAIL.encode())
    return path


def identical_rows_xlsx(path: Path, rows: int) -> Path:
    """The acceptance run's 796 KB file: `rows` identical enterprise rows (every one after the first a
    duplicate), no dimension tag, so only counting while streaming can stop it."""
    strings = ["name_zh", "credit_code", "重复公司", "913205940000000012"]
    return write_xlsx(path, {"Sheet1": _header_then([0, 1], [2, 3], rows)}, strings=strings)


def _header_then(header: list, row: list, count: int):
    yield header
    for _ in range(count):
        yield row


def shared_string_xlsx(path: Path, chars: int) -> Path:
    """One enterprise whose name is one shared string of `chars` characters."""
    return write_xlsx(path, {"Sheet1": [["name_zh"], ["x"]]}, shared_string_chars=chars)


def inline_string_xlsx(path: Path, chars: int) -> Path:
    """One enterprise whose name is an inline string of `chars` characters in the sheet itself."""
    return write_xlsx(path, {"Sheet1": [["name_zh"], ["A" * chars]]}, dimension="A1:A2")


def zip_bomb_xlsx(path: Path, unpacked_bytes: int) -> Path:
    """A small XLSX whose sheet unpacks to `unpacked_bytes` of whitespace."""
    return write_xlsx(path, {"Sheet1": [["name_zh"], ["x"]]}, padding_bytes=unpacked_bytes)


def nested_json(path: Path, depth: int) -> Path:
    path.write_text("[" * depth + "]" * depth)
    return path


def object_cell_json(path: Path) -> Path:
    path.write_text(
        json.dumps([{"name_zh": "甲公司", "description": {"nested": [1, 2]}}], ensure_ascii=False)
    )
    return path


def nul_csv(path: Path) -> Path:
    path.write_bytes("name_zh,credit_code\n甲公司,\n乙公\x00司,\n".encode())
    return path


def misencoded_csv(path: Path) -> Path:
    """Latin-1 bytes that are neither UTF-8 nor GB18030 (0x80 and 0xFF never occur as GB18030 leads)."""
    path.write_bytes(b"name_zh,description\n\xe9t\xe9,caf\xe9 \x80\xff\n")
    return path
