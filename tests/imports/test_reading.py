"""Reading files (imports.reading): every format and encoding a user may send, and a clear message,
never a traceback, for a file that cannot be read."""

import codecs
import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from imports.reading import FileProblem, open_table


def rows(table) -> list[list[str]]:
    return [cells for _number, cells in table.rows]


def xlsx(*sheet_rows) -> bytes:
    workbook = Workbook()
    for row in sheet_rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class Unseekable(io.RawIOBase):
    """An upload stream that can only be read forwards (as a pipe or some storage backends give)."""

    def __init__(self, data: bytes, name: str):
        self._data, self.name = io.BytesIO(data), name

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_read_whole():
    table = open_table(Unseekable("code,name\n32,江苏\n".encode(), "p.csv"))
    assert (table.file_name, table.header, rows(table)) == ("p.csv", ["code", "name"], [["32", "江苏"]])


def test_utf16_with_a_bom_is_recognised():
    data = codecs.BOM_UTF16_LE + "code,name\n32,江苏\n".encode("utf-16-le")
    assert rows(open_table(io.BytesIO(data), file_name="p.csv")) == [["32", "江苏"]]


def test_spreadsheet_cells_become_the_text_a_csv_would_hold():
    data = xlsx(
        ["name", "flag", "when", "day", "count", "share"],
        ["a", True, dt.datetime(2024, 5, 1), dt.date(2024, 5, 2), 3.0, 0.5],
        ["b", False, dt.datetime(2024, 5, 1, 8, 30), None, 12, None],
    )
    table = open_table(io.BytesIO(data), file_name="t.xlsx")
    assert rows(table) == [
        ["a", "true", "2024-05-01", "2024-05-02", "3", "0.5"],
        ["b", "false", "2024-05-01T08:30:00", "", "12", ""],
    ]


def test_trailing_empty_header_cells_of_a_sheet_are_dropped():
    table = open_table(io.BytesIO(xlsx(["code", "name", None, None], ["32", "江苏"])), file_name="t.xlsx")
    assert table.header == ["code", "name"]


def test_json_may_wrap_its_rows():
    data = json.dumps({"rows": [{"code": "32", "name": "江苏"}]}, ensure_ascii=False).encode()
    table = open_table(io.BytesIO(data), file_name="p.json")
    assert (table.header, rows(table)) == (["code", "name"], [["32", "江苏"]])


@pytest.mark.parametrize(
    ("name", "data", "kwargs", "message"),
    [
        ("p.csv", b"\n\n", {}, "the file is empty (no header row)"),
        ("p.csv", b"code,name\n32,a\x00b\n", {}, "holds a NUL byte"),
        ("p.csv", b"code,name\n32,ok\n", {"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ("p.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, {}, "old Excel .xls files"),
        ("p.json", b"{not json", {}, "the file is not valid JSON"),
        ("p.json", b'{"code": "32"}', {}, "a JSON file must hold a list of objects"),
        ("p.json", b"[]", {}, "the file holds no rows"),
        ("t.xlsx", xlsx([None, None]), {}, "is empty (no header row)"),
    ],
    ids=["blank", "nul", "encoding", "xls", "json", "json-object", "json-empty", "sheet-empty"],
)
def test_unreadable_files_say_why(name, data, kwargs, message):
    with pytest.raises(FileProblem) as problem:
        table = open_table(io.BytesIO(data), file_name=name, **kwargs)
        list(table.rows)  # some problems show only while rows are read
    assert message in str(problem.value)
