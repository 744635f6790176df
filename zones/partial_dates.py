"""Dates known to a year or a month (approval dates, founding and listing dates): how they are shown.

The date is stored as the first day of its period, beside a precision ("year", "month", "day"; empty means
a full date), so sorting and filtering by date keep working while pages show only what the source says.
"""

from __future__ import annotations

import datetime as dt

WIDTH = {"year": 4, "month": 7}


def partial_date_display(value: dt.date | None, precision: str) -> str:
    """1984, 1984-09 or 1984-09-01: the date at the precision its source gives; '' when unknown."""
    if not value:
        return ""
    return value.isoformat()[: WIDTH.get(precision, 10)]
