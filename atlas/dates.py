"""Dates known only to the year or month: sources give "1984" or "1984-09" as often as a full date."""

import datetime as dt

# Characters of an ISO date that a precision keeps ("day" or anything else keeps all ten).
_WIDTH = {"year": 4, "month": 7}


def partial_date_display(date: dt.date | None, precision: str) -> str:
    """The date at the precision its source gives: 1984, 1984-09 or 1984-09-01 ("" for no date)."""
    if not date:
        return ""
    return date.isoformat()[: _WIDTH.get(precision, 10)]
