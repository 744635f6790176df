"""Filters of the public enterprise list and of the enterprise panels on zone and industry pages.

Facets follow the contract of ``atlas.faceting``: several values of one facet OR, facets AND, each
option counted under the other active filters, bad values reported rather than ignored silently.

``industry`` matches the industries an enterprise is linked to exactly, not their descendants: the
facet's counts group the enterprise-industry link table, and a count that rolled sub-industries up
into their parents would count a company linked to two sub-industries twice. Exact matching keeps
every count equal to the rows the option gives.
"""

import re

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from atlas.facet_index import IndexSpec
from atlas.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter
from zones.models import Industry, Province, Zone

from .models import Enterprise
from .querysets import LIST_ORDER

ZONE_FACET_LIMIT = 15
HAN_ONLY = re.compile(r"[\u3400-\u9fff\s]+")

# The enterprise columns the list and the panels filter on, copied by atlas.facet_index (one copy serves
# all three). Its change-tracking triggers (migrations/0004_track_changes.py) watch these columns.
ENTERPRISE_INDEX = IndexSpec(
    Enterprise, columns=("province", "board", "zone", "high_tech"), many=("industries",), years=("listed",)
)


class EnterpriseSearchFilter(SearchFilter):
    """Names contain the text; digits match the start of a stock or credit code.

    Shaped for indexes at 100,000 rows: a run of digits (or a whole 18-character credit code) is
    looked up by prefix on the codes' own b-tree indexes instead of scanning every name; a name
    fragment of three characters or more uses the trigram indexes (PostgreSQL). Shorter fragments
    (most Chinese words have two characters) cannot use a trigram index and scan the names; when they
    have no letter case, as Chinese has not, a plain ``LIKE`` gives the same rows as the case-blind one
    at half the cost (no ``UPPER()`` of every name). (The search app's bigram index on the full name
    would find the rows, but the list then loses its walk of the name index for the page's order.)
    """

    CODE_FIELDS = ("stock_code", "credit_code")
    LATIN_FIELDS = ("name_en",)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        code = value.upper()
        if value.isdigit() or (len(code) == 18 and code.isalnum()):
            query = Q()
            for name in self.CODE_FIELDS:
                if name in self.search_fields:
                    query |= Q(**{f"{name}__startswith": code})
            return qs.filter(query)
        caseless = value.upper() == value.lower()
        lookup = "contains" if len(value) < 3 and caseless else "icontains"
        fields = [name for name in self.search_fields if name not in self.CODE_FIELDS]
        if HAN_ONLY.fullmatch(value):
            # Chinese is looked for in the Chinese names only: an English name holds none, and it is the
            # longest column a two-character term (which no index serves here) scans.
            fields = [name for name in fields if name not in self.LATIN_FIELDS] or fields
        query = Q()
        for name in fields:
            query |= Q(**{f"{name}__{lookup}": value})
        return qs.filter(query)


class HighTechFacet(ChoiceFacet):
    """The national high-tech enterprise flag: yes, no, or no source says (NULL)."""

    CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "No source says")]
    counts_column = True  # grouped on high_tech as is: may share the GROUPING SETS query
    CONDITIONS = {"yes": Q(high_tech=True), "no": Q(high_tech=False), "unknown": Q(high_tech__isnull=True)}
    VALUES = {True: "yes", False: "no", None: "unknown"}

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = self.CHOICES
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for choice in value:
            condition |= self.CONDITIONS[choice]
        return qs.filter(condition)

    def count_query(self, base):
        # Grouped on the column itself with COUNT(*), so PostgreSQL can answer from an index on
        # high_tech alone; True/False/NULL become yes/no/unknown in options().
        return base.values("high_tech").annotate(n=Count("*")).values_list("high_tech", "n")

    def index_values(self, value) -> list:
        return [{"yes": True, "no": False, "unknown": None}[choice] for choice in value]

    def options(self, counts, selected):
        by_choice = {self.VALUES[flag]: n for flag, n in counts.items()}
        return super().options(by_choice, selected)


def zone_codes_to_slugs(data, name="zone"):
    """Let ``?zone=`` take a zone's GB/T 37028 code as well as its slug (one query, only for codes)."""
    if data is None or not hasattr(data, "getlist"):
        return data
    values = data.getlist(name)
    codes = [value for value in values if value.isdigit()]
    if not codes:
        return data
    slugs = dict(Zone.objects.filter(code__in=codes).values_list("code", "slug"))
    data = data.copy()
    data.setlist(name, [slugs.get(value, value) for value in values])
    return data


class EnterpriseFilter(FacetedFilterSet):
    index_spec = ENTERPRISE_INDEX
    q = EnterpriseSearchFilter(
        fields=["name_zh", "name_en", "short_name", "credit_code", "stock_code"],
        label=_("Search enterprises"),
        help_text=_("Part of a name (Chinese or English), or the start of a stock or credit code"),
    )
    province = ModelFacet(queryset=Province.objects.all(), label=_("Province"))
    board = ChoiceFacet(choices=Enterprise.Board.choices, label=_("Board"))
    industry = ModelFacet(
        field_name="industries", queryset=Industry.objects.all(), label=_("Industry"), limit=25
    )
    zone = ModelFacet(
        queryset=Zone.objects.all(),
        label=_("Zone"),
        label_fields=("name_zh", "name_en"),
        limit=ZONE_FACET_LIMIT,
    )
    high_tech = HighTechFacet(label=_("National high-tech enterprise"))
    listed_from = YearFilter(field_name="listed", lookup_expr="gte", label=_("Listed from (year)"))
    listed_to = YearFilter(field_name="listed", lookup_expr="lte", label=_("Listed to (year)"))
    sort = SortFilter(
        options={
            "name": (_("Chinese name"), list(LIST_ORDER)),
            "-listed": (_("Listing date (newest first)"), [F("listed").desc(nulls_last=True), "pk"]),
            "listed": (_("Listing date (oldest first)"), [F("listed").asc(nulls_last=True), "pk"]),
            "stock_code": (_("Stock code"), [F("stock_code").asc(nulls_last=True), "pk"]),
        }
    )

    class Meta:
        model = Enterprise
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(zone_codes_to_slugs(data), *args, **kwargs)


class PanelFilterMixin:
    """Panels page with ``ent_page`` so the host page's own parameters stay untouched."""

    passthrough = ("ent_page",)


class ZoneEnterpriseFilter(PanelFilterMixin, FacetedFilterSet):
    """The enterprises panel of a zone page: search, industry and board within the zone."""

    index_spec = ENTERPRISE_INDEX

    q = EnterpriseSearchFilter(
        fields=["name_zh", "name_en", "short_name", "stock_code"], label=_("Search this zone")
    )
    industry = ModelFacet(
        field_name="industries", queryset=Industry.objects.all(), label=_("Industry"), limit=10
    )
    board = ChoiceFacet(choices=Enterprise.Board.choices, label=_("Board"))

    class Meta:
        model = Enterprise
        fields = []


class IndustryEnterpriseFilter(PanelFilterMixin, FacetedFilterSet):
    """The enterprises panel of an industry page: search, province and board within the industry."""

    index_spec = ENTERPRISE_INDEX

    q = EnterpriseSearchFilter(
        fields=["name_zh", "name_en", "short_name", "stock_code"], label=_("Search this industry")
    )
    province = ModelFacet(queryset=Province.objects.all(), label=_("Province"), limit=10)
    board = ChoiceFacet(choices=Enterprise.Board.choices, label=_("Board"))

    class Meta:
        model = Enterprise
        fields = []
