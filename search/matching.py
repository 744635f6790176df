"""One search box, four kinds of result: how a term matches zones, enterprises, industries and policies.

Contract (a newcomer can read this before the code):

* A term is matched against Chinese names (substring), English names (substring, any case), pinyin
  (the stored ``name_pinyin`` / ``name_initials`` keys of zones.search_keys: "suzhou gongye yuanqu" and
  "szgyyq" both find 苏州工业园区) and codes (GB/T 37028 zone code, industry code, stock code, unified
  social credit code, policy document number).
* Place: a term naming a prefecture or province ("苏州", "Suzhou", "江苏") also finds the zones located
  there and the enterprises in those zones or registered in that province, ranked after name matches.
* Rank: exact name or code first, then prefix, then substring, then place; within a rank by name.
* Each group returns its top ``limit`` rows and a count capped at ``COUNT_CAP`` (the page shows
  "1,000+"): counting every match of a short term at 100,000 enterprises costs more than it tells.

Cost: a fixed number of small queries whatever the data: the places a term names (2), then per group
its top rows (one ranked query for the small tables, one per rank tier for enterprises) and a capped count.
Tiers instead of one ``ORDER BY CASE …`` query because ranking every match of "科技" (tens of thousands of
rows) costs more than three indexed look-ups that each stop after ``limit`` rows. On PostgreSQL the
substring tiers use pg_trgm GIN indexes, and two-character Chinese terms (苏州, 科技: pg_trgm needs three
characters) the ``za_bigrams`` GIN index on enterprise names (search/migrations/0001_…); SQLite scans,
which is fine at its sizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from atlas.search_keys import normalise_query
from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones.models import Industry, Prefecture, Province, Zone

COUNT_CAP = 1000
# Up to this many matches a tier sorts its matches instead of walking the name index (see sparse_order):
# a place's companies (a prefecture's zones hold a few thousand) sort in a few ms, while the index walk
# tests tens of thousands of names when they sort late (苏州: 31 ms against 8 ms at 100,000 rows).
SORT_CAP = 10_000
MAX_TERM = 100
_HAN = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
EXACT, PREFIX, SUBSTRING, PLACE = range(4)


@dataclass
class Term:
    """A query as typed, and the forms each kind of column is compared with."""

    text: str
    key: str = ""  # for pinyin keys and codes: lower-case ASCII letters and digits
    han: bool = False

    @classmethod
    def parse(cls, raw: str | None) -> Term:
        # Control characters (NUL breaks PostgreSQL text parameters) become spaces; runs of space one.
        text = " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_TERM]
        return cls(text=text, key=normalise_query(text), han=bool(_HAN.search(text)))


@dataclass
class Group:
    """One kind of result: its top rows (each with ``search_rank``) and capped count."""

    kind: str
    rows: list = field(default_factory=list)
    count: int = 0
    capped: bool = False


def contains_han(model, column: str, text: str, indexed: bool = False) -> Q:
    """Substring match of Chinese text. ``indexed``: the table has the search indexes (enterprises): a
    two-character term goes through the za_bigrams index, a longer one through the trigram index on
    UPPER(name_zh) (so the case-blind form, though Chinese has no case). Elsewhere a plain LIKE scan."""
    if indexed and connection.vendor == "postgresql":
        if len(text) == 2:
            qn = connection.ops.quote_name
            sql = f"za_bigrams({qn(model._meta.db_table)}.{qn(column)}) @> ARRAY[%s]::text[]"
            # The LIKE is what a row must satisfy; the bigram condition lets the planner use the index.
            bigram = Q(RawSQL(sql, [text], output_field=models.BooleanField()))
            return Q(**{f"{column}__contains": text}) & bigram
        if len(text) > 2:
            return Q(**{f"{column}__icontains": text})
    return Q(**{f"{column}__contains": text})


@dataclass
class Tiers:
    """The conditions of one group by rank; ``order`` breaks ties within a rank."""

    exact: Q = field(default_factory=Q)
    prefix: Q = field(default_factory=Q)
    substring: Q = field(default_factory=Q)  # covers every name condition of exact and prefix
    codes: Q = field(default_factory=Q)  # code and short-name conditions, which substring does not cover
    place: Q = field(default_factory=Q)

    def add_code(self, exact: Q = None, prefix: Q = None) -> None:
        for rank, condition in (("exact", exact), ("prefix", prefix)):
            if condition:
                setattr(self, rank, getattr(self, rank) | condition)
                self.codes |= condition

    def name_match(self) -> Q:
        """The fewest conditions that find every name or code match: each one indexable on PostgreSQL,
        so the planner can combine index scans instead of testing a dozen conditions on every row."""
        return self.substring | self.codes


def name_tiers(model, term: Term, *, zh: str, en: str, pinyin: bool, indexed: bool = False) -> Tiers:
    """Exact / prefix / substring conditions on a Chinese and an English name (and the pinyin keys)."""
    tiers = Tiers(exact=Q(**{zh: term.text}), prefix=Q(**{f"{zh}__startswith": term.text}))
    if term.han:
        tiers.substring = contains_han(model, zh, term.text, indexed)
        return tiers
    tiers.exact |= Q(**{f"{en}__iexact": term.text})
    tiers.prefix |= Q(**{f"{en}__istartswith": term.text})
    # Latin letters in a Chinese name ("TCL科技") are found by substring; zh exact/prefix above is
    # covered by it.
    tiers.substring = Q(**{f"{en}__icontains": term.text}) | Q(**{f"{zh}__icontains": term.text})
    if pinyin and term.key:
        tiers.exact |= Q(name_pinyin=term.key) | Q(name_initials=term.key)
        tiers.prefix |= Q(name_pinyin__startswith=term.key) | Q(name_initials__startswith=term.key)
        pinyin_cover = "contains" if len(term.key) >= 3 else "startswith"
        tiers.substring |= Q(**{f"name_pinyin__{pinyin_cover}": term.key})
        tiers.substring |= Q(name_initials__startswith=term.key)
    return tiers


def rank_of(tiers: Tiers, ranks: tuple[int, ...]) -> Case:
    """SQL CASE giving each row the best of ``ranks`` it meets."""
    conditions = {EXACT: tiers.exact, PREFIX: tiers.prefix, SUBSTRING: tiers.substring, PLACE: tiers.place}
    whens = [When(conditions[r], then=Value(r)) for r in ranks[:-1] if conditions[r]]
    return Case(*whens, default=Value(ranks[-1]), output_field=IntegerField())


def capped_count(queryset, condition: Q, cap: int = COUNT_CAP) -> int:
    """How many rows meet ``condition``, counting no further than ``cap`` + 1."""
    return queryset.filter(condition).order_by().values("pk")[: cap + 1].count()


def _sort_cap(ranks: tuple[int, ...]) -> int:
    """How many matches a tier may sort: a name tier's are spread through the name index (a walk finds
    ten soon when there are many), a place tier's are one place's companies, which often sort together."""
    return SORT_CAP if ranks == (PLACE,) else COUNT_CAP


def sparse_order(order: tuple) -> tuple:
    """The same order, written so that PostgreSQL cannot follow the name index to produce it.

    With ``ORDER BY name_zh LIMIT 10`` the planner likes to walk the name index and test each row until
    ten match: quick when matches are dense ("科技"), a walk through most of 100,000 rows when they are
    rare ("苏州": 80 ms measured at 100,000 rows). When a tier's capped count says its matches are few,
    NULLS FIRST (the names are never null, so the order is the same) rules that plan out: the matches
    come from the search indexes and only they are sorted."""
    return tuple(models.F(o).asc(nulls_first=True) if isinstance(o, str) else o for o in order)


def ranked(queryset, tiers: Tiers, order: tuple, limit: int, *, large: bool = False) -> Group:
    """Top ``limit`` rows by rank, then the capped count.

    A small table (zones, industries, policies) answers in one query ranked by CASE. A large one
    (enterprises) answers tier by tier, each query an index look-up that stops after ``limit`` rows:
    exact and prefix together (few rows), substring, place; the substring and place tiers first count
    their matches (capped) to pick a plan (see sparse_order). Every tier always runs, so the number of
    queries does not depend on the data."""
    group = Group(kind=queryset.model._meta.model_name)
    anything = tiers.name_match() | tiers.place
    if not anything:
        return group
    group.count = capped_count(queryset, anything)
    group.capped = group.count > COUNT_CAP
    if large:
        steps = [(tiers.exact | tiers.prefix, (EXACT, PREFIX)), (tiers.substring, (SUBSTRING,)),
                 (tiers.place, (PLACE,))]  # fmt: skip
    else:
        steps = [(anything, (EXACT, PREFIX, SUBSTRING, PLACE))]
    seen: set = set()
    for condition, ranks in steps:
        if not condition:
            continue
        tier_order = order
        cap = _sort_cap(ranks)
        if large and len(ranks) == 1 and capped_count(queryset, condition, cap) <= cap:
            tier_order = sparse_order(order)  # few matches: sort them rather than walk the name index
        rows = queryset.filter(condition).annotate(search_rank=rank_of(tiers, ranks))
        for row in rows.order_by("search_rank", *tier_order)[: limit + len(seen)]:
            if row.pk not in seen and len(group.rows) < limit:
                seen.add(row.pk)
                group.rows.append(row)
    group.count = min(group.count, COUNT_CAP)
    return group


@dataclass
class Places:
    """The prefectures and provinces a term names (by Chinese or English name)."""

    prefecture_rows: list
    province_rows: list
    zone_ids: list = field(default_factory=list)

    @classmethod
    def matching(cls, term: Term) -> Places:
        if len(term.text) < 2 or (not term.han and len(term.text) < 3):
            return cls([], [])
        lookup = "name_zh__contains" if term.han else "name_en__iexact"
        fields = ("pk", "code", "name_zh", "name_en")
        prefectures = Prefecture.objects.filter(**{lookup: term.text}).only(*fields).order_by("code")
        provinces = Province.objects.filter(**{lookup: term.text}).only(*fields, "slug").order_by("code")
        places = cls(list(prefectures[:50]), list(provinces[:50]))
        # The zones in those prefectures as a list, not a subquery: PostgreSQL turns `zone_id IN (SELECT …)`
        # into a filter tested on every enterprise row, but `zone_id = ANY(…)` into an index scan.
        places.zone_ids = list(
            Zone.objects.filter(prefecture__in=places.prefectures).values_list("pk", flat=True)
        )
        return places

    @property
    def prefectures(self) -> list[int]:
        return [row.pk for row in self.prefecture_rows]

    @property
    def provinces(self) -> list[int]:
        return [row.pk for row in self.province_rows]

    def __bool__(self) -> bool:
        return bool(self.prefectures or self.provinces)


def search_zones(term: Term, places: Places, limit: int) -> Group:
    """Zones: names, pinyin, code; then the zones in a named prefecture or province."""
    tiers = name_tiers(Zone, term, zh="name_zh", en="name_en", pinyin=True)
    tiers.add_code(exact=Q(code=term.text) | Q(short_name=term.text))
    if term.key.isdigit():
        tiers.add_code(prefix=Q(code__startswith=term.key))
    if places:
        tiers.place = Q(prefecture__in=places.prefectures) | Q(province__in=places.provinces)
    return ranked(Zone.objects.select_related("province", "prefecture"), tiers, ("code",), limit)


def search_enterprises(term: Term, places: Places, limit: int) -> Group:
    """Enterprises: registered names, pinyin, stock and credit codes; then by place (zone or province)."""
    tiers = name_tiers(Enterprise, term, zh="name_zh", en="name_en", pinyin=True, indexed=True)
    if term.key and not term.han:
        tiers.add_code(exact=Q(stock_code=term.text) | Q(credit_code=term.text.upper()))
    if places:
        tiers.place = Q(zone__in=places.zone_ids) | Q(province__in=places.provinces)
    queryset = Enterprise.objects.select_related("zone", "province")
    return ranked(queryset, tiers, ("name_zh", "pk"), limit, large=True)


def search_industries(term: Term, places: Places, limit: int) -> Group:
    """Industries of both classifications: names, pinyin, code."""
    tiers = name_tiers(Industry, term, zh="name_zh", en="name_en", pinyin=True)
    if term.key and not term.han:
        tiers.add_code(exact=Q(code__iexact=term.text), prefix=Q(code__istartswith=term.text))
    return ranked(Industry.objects.all(), tiers, ("scheme", "code"), limit)


def search_policies(term: Term, places: Places, limit: int) -> Group:
    """Policy documents: Chinese and English titles, document number."""
    tiers = name_tiers(PolicyDocument, term, zh="title_zh", en="title_en", pinyin=False)
    tiers.add_code(exact=Q(document_number=term.text))
    tiers.substring |= Q(document_number__contains=term.text)
    order = (models.F("issued").desc(nulls_last=True), "title_en")
    return ranked(PolicyDocument.objects.all(), tiers, order, limit)


SEARCHES = {
    "zones": search_zones,
    "enterprises": search_enterprises,
    "industries": search_industries,
    "policies": search_policies,
}


@dataclass
class Results:
    """The groups of one search, and the places its term names (the page links their full lists)."""

    groups: dict[str, Group]
    places: Places

    def __getitem__(self, kind: str) -> Group:
        return self.groups[kind]


def site_search(raw: str | None, *, limit: int = 10) -> Results:
    """Every group for one term (empty groups when the term is empty)."""
    term = Term.parse(raw)
    if not term.text:
        return Results({kind: Group(kind=kind) for kind in SEARCHES}, Places([], []))
    places = Places.matching(term)
    return Results({kind: search(term, places, limit) for kind, search in SEARCHES.items()}, places)
