"""The public "About the data" page: each field's coverage, its sources and vintages, the catalogue match
report and how address-derived zone links were made.

The enterprise counts are one aggregate over every row (~250 ms at 100,000 enterprises on PostgreSQL), so
they are kept in the cache under the data's version: the enterprises' DataVersion token (moved by triggers
on inserts, deletes, industry links and the facet columns) and the newest history row (every save, every
import and every review decision writes one). Any such write gives a new key, so the page is never staler
than the data; only a raw SQL update of an untracked column would go unseen until the next write."""

import csv
import functools
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from enterprises.models import Enterprise
from zones.models import DataVersion, Zone

CATALOGUE = _("2018 catalogue 《中国开发区审核公告目录》 (matched by Zone Atlas)")
GBT37028 = _("GB/T 37028-2018")
# (count key, label, sources and vintages) per field, in page order.
ZONE_FIELDS = [
    (
        "approved",
        _("Approval date"),
        _("2018 catalogue (month); else zh.wikipedia list (1984–2014); 2024 letter"),
    ),
    ("approved_month", _("… at least to the month"), CATALOGUE),
    ("catalogue_code", _("Catalogue code"), CATALOGUE),
    ("area_ha", _("Approved area"), CATALOGUE),
    ("leading_industries", _("Leading industries (catalogue wording)"), CATALOGUE),
    ("industries", _("Leading industries linked to industry pages"), _("derived: Zone Atlas crosswalk")),
    ("prefecture", _("Prefecture"), _("GB/T 37028 as extracted (types 101 and 103 only)")),
    (
        "location_catalogue",
        _("Location: the catalogue's geocode"),
        _("catalogue geocode, where its flags are clear"),
    ),
    (
        "location_county",
        _("Location: county centre"),
        _("catalogue county match or GB/T county; cpca centres"),
    ),
    ("location_prefecture", _("Location: prefecture centre"), _("cpca centre points")),
    ("location_province", _("Location: province centre"), _("cpca centre points")),
    ("website", _("Website"), _("none found")),
]
ENTERPRISE_FIELDS = [
    ("province", _("Province"), _("Tushare stock_basic, 2025-06")),
    ("prefecture", _("City (prefecture)"), _("Tushare stock_company, 2026-01 (CC0)")),
    ("registered_address", _("Registered address"), _("Shenzhen list 2026-03; SZSE list 2025-10; 2015 file")),
    ("address_recent", _("… from 2025 or 2026"), _("Shenzhen list 2026-03; SZSE list 2025-10")),
    ("address_2015", _("… only as of about 2015"), _("hoyoung2015/wfp (both exchanges, c. 2015)")),
    ("office_address", _("Office address"), _("Shenzhen list 2026-03; 2015 file")),
    ("website", _("Website"), _("Shenzhen list; SZSE list; 2015 file")),
    ("credit_code", _("Unified social credit code"), _("Shenzhen list 2026-03 (Shenzhen companies only)")),
    ("employees", _("Employees"), _("Tushare stock_company, 2026-01")),
    ("registered_capital", _("Registered capital"), _("Tushare stock_company, 2026-01")),
    ("main_business", _("Main business"), _("Tushare stock_company, 2026-01 (cut when long)")),
    ("introduction", _("Introduction"), _("Tushare stock_company, 2026-01 (cut when long)")),
    (
        "industries",
        _("Industry"),
        _("SZSE list (CSRC letter = GB/T 4754 section); derived: sector crosswalk"),
    ),
    ("zone", _("Linked to a zone"), _("China Daily article (2); registered addresses (derived)")),
]


def rows_with_shares(fields, counts):
    total = counts["total"] or 1
    return [
        {"label": label, "count": counts[key], "share": 100 * counts[key] / total, "sources": sources}
        for key, label, sources in fields
    ]


@functools.cache
def catalogue_report() -> dict:
    """Counts of data/catalogue_match_report.csv by side and status (the file ships with the product)."""
    path = Path(settings.BASE_DIR) / "data" / "catalogue_match_report.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        return {}
    counts = Counter((row["side"], row["status"]) for row in rows)
    return {f"{side}_{status}".replace("-", "_"): n for (side, status), n in counts.items()} | {
        "rows": len(rows)
    }


def enterprise_coverage() -> dict:
    """Enterprise.objects.coverage_for_about(), computed once per version of the data (module docstring)."""
    token = DataVersion.objects.filter(name="enterprises.enterprise").values_list("token", flat=True).first()
    newest = Enterprise.history.aggregate(newest=Max("history_id"))["newest"]
    key = f"about:enterprises:{token}:{newest}"
    counts = cache.get(key)
    if counts is None:
        counts = Enterprise.objects.coverage_for_about()
        cache.set(key, counts, None)
    return counts


class AboutView(TemplateView):
    template_name = "about.html"

    def get_context_data(self, **kwargs):
        zones = Zone.objects.coverage_for_about()
        enterprises = enterprise_coverage()
        return super().get_context_data(
            **kwargs,
            zones=zones,
            enterprises=enterprises,
            zone_rows=rows_with_shares(ZONE_FIELDS, zones),
            enterprise_rows=rows_with_shares(ENTERPRISE_FIELDS, enterprises),
            report=catalogue_report(),
        )
