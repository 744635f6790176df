"""Zones and what they are described with: sources, places, industries, statistics, import batches,
and the data versions that tell in-memory copies of tables when they are stale."""

from .batches import ImportBatch, ImportChange
from .import_mappings import ImportColumnMapping
from .industries import Industry
from .places import Prefecture, Province
from .sources import Source
from .versions import DataVersion
from .zones import Zone, ZoneStatistic

__all__ = [
    "DataVersion",
    "ImportBatch",
    "ImportChange",
    "ImportColumnMapping",
    "Industry",
    "Prefecture",
    "Province",
    "Source",
    "Zone",
    "ZoneStatistic",
]
