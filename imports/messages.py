"""How the pipeline words a problem: one format for the command line, the admin, stored batches and
error files, with echoed values cut to a readable length (a hostile file's 100 MB cell must not reach a
page, a log or a database row)."""

from __future__ import annotations

from typing import Any

SHOWN_VALUE_CHARS = 200  # a value echoed in a message, page, batch record or error file is cut here


def shown_value(value):
    """A cell as messages echo it: text longer than SHOWN_VALUE_CHARS is cut, its length said instead."""
    if isinstance(value, str) and len(value) > SHOWN_VALUE_CHARS:
        return f"{value[:SHOWN_VALUE_CHARS]}… ({len(value):,} characters)"
    return value


def error_text(file: str = "", row: int = 0, column: str = "", value: Any = None, message: str = "") -> str:
    """One error as every place shows it (the command line, the admin, stored batches):
    "file.csv, row 7, column zone_code: '32101099' is not a known zone; did you mean 32101009?"."""
    parts = (file or "", f"row {row}" if row else "", f"column {column}" if column else "")
    where = ", ".join(part for part in parts if part)
    if value is None:
        text = message
    else:
        text = f"'{value}' {message}" if value != "" else f"(empty) {message}"
    return f"{where}: {text}" if where else text
