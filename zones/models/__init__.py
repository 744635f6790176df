"""Zones and what they are described with: sources, places, industries, statistics,
and the data versions that tell in-memory copies of tables when they are stale."""

from .industries import Industry
from .places import Prefecture, Province
from .sources import Source
from .versions import DataVersion
from .zones import Zone, ZoneStatistic

__all__ = [
    "DataVersion",
    "Industry",
    "Prefecture",
    "Province",
    "Source",
    "Zone",
    "ZoneStatistic",
]
