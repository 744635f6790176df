"""django-import-export resources of the zones app, built from the import pipeline's canonical columns.

The columns are defined once, in `zones.importing.specs`; these classes expose them to the admin's
ImportExportMixin (`resource_classes`) and to anything else written against django-import-export.
"""

from imports.resource import resource_for
from zones.importing.specs import (
    IndustrySpec,
    PrefectureSpec,
    ProvinceSpec,
    SourceSpec,
    StatisticSpec,
    ZoneSpec,
)

SourceResource = resource_for(SourceSpec, "SourceResource")
ProvinceResource = resource_for(ProvinceSpec, "ProvinceResource")
PrefectureResource = resource_for(PrefectureSpec, "PrefectureResource")
IndustryResource = resource_for(IndustrySpec, "IndustryResource")
ZoneResource = resource_for(ZoneSpec, "ZoneResource")
ZoneStatisticResource = resource_for(StatisticSpec, "ZoneStatisticResource")
