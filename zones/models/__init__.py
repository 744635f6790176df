"""Zones and what they are described with: sources, places, industries, statistics, import batches."""

from .batches import ImportBatch, ImportChange
from .industries import Industry
from .places import Prefecture, Province
from .sources import Source
from .zones import Zone, ZoneStatistic

__all__ = [
    "ImportBatch",
    "ImportChange",
    "Industry",
    "Prefecture",
    "Province",
    "Source",
    "Zone",
    "ZoneStatistic",
]
