"""Cell parsers of the import pipeline (imports.columns) on their own: what each accepts, and the
message a user reads for what it refuses."""

import datetime as dt
from decimal import Decimal

import pytest

from imports import columns as c
from imports.columns import Invalid


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [
        (c.text(), "'=SUM(A1)", "=SUM(A1)"),  # our own export's apostrophe comes off again
        (c.text(), "'plain", "'plain"),  # an apostrophe before ordinary text is the text
        (c.text(nullable=True), "", None),
        (c.pattern(r"[A-Z]{2}", "two letters", upper=True), "cn", "CN"),
        (c.pattern(r"\d+", "digits", nullable=True), "", None),
        (c.choice([("etdz", "ETDZ")], labels={"经开区": "etdz"}), "经开区", "etdz"),
        (c.choice([("high-tech", "High-tech")]), "HIGH_TECH", "high-tech"),
        (c.boolean(), "是", True),
        (c.boolean(), "×", False),
        (c.date(), "2024-01-02T00:00:00", dt.date(2024, 1, 2)),  # a spreadsheet's date-time
        (c.date(), "2024年5月1日", dt.date(2024, 5, 1)),
        (c.partial_date(), "1984.09", (dt.date(1984, 9, 1), "month")),
        (c.partial_date(), "", (None, "")),
        (c.decimal(10, 2), "1,234.5", Decimal("1234.5")),
        (c.decimal(10, 2), "", None),
        (c.number(-90, 90), "31.3", 31.3),
        (c.integer(1949, 2100), "2024.0", 2024),
        (c.url(), "https://例子.中国/政策", "https://例子.中国/政策"),  # an IDN, via Django's validator
        (c.url(), "", ""),
    ],
)
def test_accepted_values(parser, raw, expected):
    assert parser(raw) == expected


@pytest.mark.parametrize(
    ("parser", "raw", "message"),
    [
        (c.text(5), "abcdefg", "is 7 characters long; at most 5 allowed"),
        (c.pattern(r"\d{6}", "a 6-digit code"), "12a", "is not a 6-digit code"),
        (c.choice([("etdz", "ETDZ")]), "zone", "is not one of: etdz"),
        (c.boolean(), "maybe", "is not a yes/no value"),
        (c.date(), "2024", "is not a date YYYY-MM-DD (a full date is needed)"),
        (c.date(), "yesterday", "is not a date YYYY-MM-DD"),
        (c.date(), "1800-01-01", "has the year 1800, out of range"),
        (c.partial_date(), "2024-02-30", "is not a real date"),
        (c.decimal(10, 2), "abc", "is not a number"),
        (c.decimal(10, 2), "NaN", "is not a finite number"),
        (c.decimal(10, 2), "1.234", "has more than 2 decimal places"),
        (c.decimal(6, 2), "123456", "is too large; at most 4 digits before the point"),
        (c.decimal(10, 2, min_value=0), "-1", "must be at least 0"),
        (c.number(-90, 90), "north", "is not a number"),
        (c.number(-90, 90), "nan", "must be between -90 and 90"),
        (c.number(-90, 90), "91", "must be between -90 and 90"),
        (c.integer(1949, lambda: 2030), "twenty", "is not a whole number"),
        (c.integer(1949, lambda: 2030), "2031", "is out of range; expected 1949–2030"),
        (c.url(20), "https://example.org/a/long/path", "is longer than 20 characters"),
        (c.url(), "ftp://example.org/file", "is not a web address"),
    ],
)
def test_refused_values_say_why(parser, raw, message):
    with pytest.raises(Invalid) as refused:
        parser(raw)
    assert message in str(refused.value)


def test_several_values_in_one_cell_with_any_usual_separator():
    assert c.split_multi("1；39、C|2\n3; 4 ;") == ["1", "39", "C", "2", "3", "4"]
    assert c.split_multi("") == []


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        (Decimal("3686.50"), "3686.50"),
        (Decimal("100.00"), "100"),
        (0.1, "0.1"),
        ("x", "x"),
    ],
)
def test_export_cells_read_back_as_the_same_value(value, cell):
    assert c.dump_plain(value) == cell


def test_formulas_are_neutralised_on_export_and_restored_on_import():
    for formula in ("=1+1", "+86 21", "-5", "@cmd"):
        exported = c.neutralise(formula)
        assert exported == "'" + formula
        assert c.unquote_formula(exported) == formula
    assert c.neutralise("plain") == "plain"
