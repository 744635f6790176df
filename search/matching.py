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
* Cost: a fixed number of queries whatever the data (two place lookups, then a rows and a count query
  per group). On PostgreSQL, trigram (pg_trgm) and two-character (``za_bigrams``) GIN indexes serve the
  substring matches, see zones/migrations/0005_search_indexes.py; SQLite scans, which is fine at its sizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones.models import Industry, Prefecture, Province, Zone
from zones.search_keys import normalise_query

COUNT_CAP = 1000
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
    """One kind of result: its top rows, capped count, and the full list it links to."""

    kind: str
    rows: list = field(default_factory=list)
    count: int = 0
    capped: bool = False


def contains_han(model, column: str, text: str) -> Q:
    """Substring match of Chinese text; on PostgreSQL a two-character term goes through the bigram index
    (pg_trgm needs three characters to use its index; most Chinese place and company words are two)."""
    q = Q(**{f"{column}__contains": text})
    if connection.vendor == "postgresql" and len(text) == 2:
        qn = connection.ops.quote_name
        sql = f"za_bigrams({qn(model._meta.db_table)}.{qn(column)}) @> ARRAY[%s]::text[]"
        q = Q(RawSQL(sql, [text], output_field=models.BooleanField()))
    return q


def name_q(model, term: Term, *, zh: str, en: str, pinyin: bool) -> dict[int, Q]:
    """Exact / prefix / substring conditions on a Chinese and an English name (and the pinyin keys)."""
    exact, prefix, sub = Q(**{zh: term.text}), Q(**{f"{zh}__startswith": term.text}), Q()
    if term.han:
        sub = contains_han(model, zh, term.text)
    else:
        exact |= Q(**{f"{en}__iexact": term.text})
        prefix |= Q(**{f"{en}__istartswith": term.text})
        sub = Q(**{f"{en}__icontains": term.text})
        if pinyin and term.key:
            exact |= Q(name_pinyin=term.key) | Q(name_initials=term.key)
            prefix |= Q(name_pinyin__startswith=term.key) | Q(name_initials__startswith=term.key)
            if len(term.key) >= 3:
                sub |= Q(name_pinyin__contains=term.key)
    return {EXACT: exact, PREFIX: prefix, SUBSTRING: sub}


def ranked(queryset, conditions: dict[int, Q], order: tuple[str, ...], limit: int) -> Group:
    """Rows matching any condition, best rank first; count capped at COUNT_CAP."""
    conditions = {rank: q for rank, q in conditions.items() if q}
    group = Group(kind=queryset.model._meta.model_name)
    if not conditions:
        return group
    anything = Q()
    for q in conditions.values():
        anything |= q
    matches = queryset.filter(anything)
    rank = Case(*(When(q, then=Value(r)) for r, q in sorted(conditions.items())), output_field=IntegerField())
    group.rows = list(matches.annotate(search_rank=rank).order_by("search_rank", *order)[:limit])
    group.count = matches.values("pk")[: COUNT_CAP + 1].count()
    group.capped = group.count > COUNT_CAP
    group.count = min(group.count, COUNT_CAP)
    return group


@dataclass
class Places:
    """The prefectures and provinces a term names (by Chinese or English name)."""

    prefectures: list[int]
    provinces: list[int]

    @classmethod
    def matching(cls, term: Term) -> Places:
        if len(term.text) < 2 or (not term.han and len(term.text) < 3):
            return cls([], [])
        field = "name_zh__contains" if term.han else "name_en__iexact"
        return cls(
            list(Prefecture.objects.filter(**{field: term.text}).values_list("pk", flat=True)[:50]),
            list(Province.objects.filter(**{field: term.text}).values_list("pk", flat=True)[:50]),
        )


def search_zones(term: Term, places: Places, limit: int) -> Group:
    """Zones: names, pinyin, code; then the zones in a named prefecture or province."""
    conditions = name_q(Zone, term, zh="name_zh", en="name_en", pinyin=True)
    conditions[EXACT] |= Q(code=term.text) | Q(short_name=term.text)
    if term.key.isdigit():
        conditions[PREFIX] |= Q(code__startswith=term.key)
    if places.prefectures or places.provinces:
        conditions[PLACE] = Q(prefecture__in=places.prefectures) | Q(province__in=places.provinces)
    queryset = Zone.objects.select_related("province", "prefecture")
    return ranked(queryset, conditions, ("code",), limit)


def search_enterprises(term: Term, places: Places, limit: int) -> Group:
    """Enterprises: registered and short names, pinyin, stock and credit codes; then by place."""
    conditions = name_q(Enterprise, term, zh="name_zh", en="name_en", pinyin=True)
    conditions[EXACT] |= Q(short_name=term.text)
    if term.key and not term.han:
        conditions[EXACT] |= Q(stock_code=term.text) | Q(credit_code=term.text.upper())
    if places.prefectures or places.provinces:
        conditions[PLACE] = Q(zone__prefecture__in=places.prefectures) | Q(province__in=places.provinces)
    queryset = Enterprise.objects.select_related("zone", "province")
    return ranked(queryset, conditions, ("name_zh", "pk"), limit)


def search_industries(term: Term, places: Places, limit: int) -> Group:
    """Industries of both classifications: names, pinyin, code."""
    conditions = name_q(Industry, term, zh="name_zh", en="name_en", pinyin=True)
    if term.key and not term.han:
        conditions[EXACT] |= Q(code__iexact=term.text)
        conditions[PREFIX] |= Q(code__istartswith=term.text)
    return ranked(Industry.objects.all(), conditions, ("scheme", "code"), limit)


def search_policies(term: Term, places: Places, limit: int) -> Group:
    """Policy documents: Chinese and English titles, document number."""
    conditions = name_q(PolicyDocument, term, zh="title_zh", en="title_en", pinyin=False)
    conditions[EXACT] |= Q(document_number=term.text)
    conditions[SUBSTRING] |= Q(document_number__contains=term.text)
    order = (models.F("issued").desc(nulls_last=True), "title_en")
    return ranked(PolicyDocument.objects.all(), conditions, order, limit)


SEARCHES = {
    "zones": search_zones,
    "enterprises": search_enterprises,
    "industries": search_industries,
    "policies": search_policies,
}


def site_search(raw: str | None, *, limit: int = 10) -> dict[str, Group]:
    """Every group for one term (empty groups when the term is empty)."""
    term = Term.parse(raw)
    if not term.text:
        return {kind: Group(kind=kind) for kind in SEARCHES}
    places = Places.matching(term)
    return {kind: search(term, places, limit) for kind, search in SEARCHES.items()}
