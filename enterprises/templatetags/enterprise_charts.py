"""Charts of enterprises on zone and industry pages (zones may not read enterprises; these tags may).
Each returns ``chart`` (the data of one chart, zones.charts shapes, for json_script) and ``rows``
(the same numbers for the table the page shows beside it)."""

from django import template
from django.conf import settings

from atlas.facet_index import facet_index
from zones import charts
from zones.models import Industry
from zones.templatetags.localized import local_name

from ..filters import ENTERPRISE_INDEX
from ..models import Enterprise

register = template.Library()


@register.simple_tag
def zone_industry_chart(zone) -> dict:
    """The zone's enterprises by industry, most named first (two queries)."""
    rows = list(Enterprise.objects.industry_counts_for_zone(zone))
    industries = Industry.objects.in_bulk([row["industry"] for row in rows])
    shown = [(industries[row["industry"]], row["n"]) for row in rows]
    data = charts.bars(
        [local_name(industry) for industry, _n in shown],
        [n for _industry, n in shown],
        urls=[industry.get_absolute_url() for industry, _n in shown],
        horizontal=True,
    )
    return {"chart": data, "rows": [{"industry": industry, "n": n} for industry, n in shown]}


@register.simple_tag
def industry_listing_chart(industry) -> dict:
    """The industry's enterprises by listing year, every year from the first to the last (one query)."""
    counts = _listing_years(industry)
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    data = charts.bars(years, [counts.get(year, 0) for year in years])
    return {"chart": data, "rows": [{"year": year, "n": counts[year]} for year in sorted(counts)]}


def _listing_years(industry) -> dict[int, int]:
    """{year: enterprises} of the industry's subtree, as its panel lists them: read off the facet index
    (a GROUP BY over the link table took ~80 ms at 100,000 enterprises), or from SQL without it."""
    if not settings.ATLAS_FACET_INDEX:
        return {row["year"]: row["n"] for row in Enterprise.objects.listing_years_for_industry(industry)}
    index = facet_index(ENTERPRISE_INDEX)
    subtree = [pk for pk, _slug in Industry.objects.subtree_nodes(industry)]
    return index.year_counts("listed", index.isin("industries", subtree))
