"""Lookups loaded once per import (one query each) so that no row costs a query.

Shared by the kinds of every app: zones, provinces, prefectures, industries and sources are what
enterprises and policies refer to.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

from imports.columns import Invalid, split_multi, url
from imports.engine import closest

from ..models import Industry, Prefecture, Province, Source, Zone

SECTION_RE = re.compile(r"([A-Za-z])\s*([^\sA-Za-z0-9].*)")
CACHE_LIMIT = 10_000  # parsed multi-value cells remembered per import (they repeat across rows)
SUGGEST_LIMIT = 200  # difflib is slow on big candidate lists; suggest for the first errors only


class Suggester:
    """'did you mean' for the first SUGGEST_LIMIT misses; after that only the plain message."""

    def __init__(self, candidates):
        self._candidates = candidates
        self._list = None
        self.used = 0

    def __call__(self, value: str) -> str:
        self.used += 1
        if self.used > SUGGEST_LIMIT:
            return ""
        if self._list is None:
            self._list = list(self._candidates() if callable(self._candidates) else self._candidates)
        return closest(value, self._list)


class ProvinceLookup:
    """A province by 2-digit code, Chinese name (with or without 省/市/自治区) or English name."""

    def __init__(self):
        self.by_key: dict[str, int] = {}
        self.codes: dict[int, str] = {}
        for pk, code, name_zh, name_en, slug in Province.objects.values_list(
            "pk", "code", "name_zh", "name_en", "slug"
        ):
            self.codes[pk] = code
            for key in (code, name_zh, name_en.lower(), slug, _strip_suffix(name_zh)):
                if key:
                    self.by_key.setdefault(key, pk)
        self.suggest = Suggester(
            lambda: [k for k in self.by_key if not k.isdigit()] + list(self.codes.values())
        )

    def __call__(self, raw: str):
        pk = self.by_key.get(raw) or self.by_key.get(raw.lower())
        if pk is None:
            raise Invalid(f"is not a known province (2-digit code or name){self.suggest(raw)}")
        return pk


def _strip_suffix(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class PrefectureLookup:
    def __init__(self):
        self.by_code: dict[str, int] = {}
        self.by_name: dict[tuple[int, str], int] = {}
        self.codes: dict[int, str] = {}
        for pk, code, province_id, name_zh in Prefecture.objects.values_list(
            "pk", "code", "province_id", "name_zh"
        ):
            self.by_code[code] = pk
            self.codes[pk] = code
            self.by_name.setdefault((province_id, name_zh), pk)
            self.by_name.setdefault((province_id, _strip_suffix(name_zh)), pk)
        self.suggest = Suggester(lambda: list(self.by_code))

    def resolve(self, raw: str, province_id: int | None):
        pk = self.by_code.get(raw)
        if pk is None and province_id is not None:
            pk = self.by_name.get((province_id, raw))
        if pk is None:
            raise Invalid(f"is not a known prefecture (4-digit NBS code){self.suggest(raw)}")
        return pk


class ZoneLookup:
    def __init__(self):
        rows = Zone.objects.values_list("code", "pk", "province_id")
        self.by_code: dict[str, int] = {}
        self.province_of: dict[int, int] = {}
        for code, pk, province_id in rows:
            self.by_code[code] = pk
            self.province_of[pk] = province_id
        self.codes: dict[int, str] = {pk: code for code, pk in self.by_code.items()}
        self.suggest = Suggester(lambda: list(self.by_code))

    def __call__(self, raw: str):
        pk = self.by_code.get(raw)
        if pk is None:
            raise Invalid(f"is not a known zone (GB/T 37028 code){self.suggest(raw)}")
        return pk

    def many(self, raw: str) -> frozenset:
        return frozenset(self(code) for code in split_multi(raw))


def industry_slug(scheme: str, code: str) -> str:
    return f"{scheme}-{slugify(code.replace('.', '-'))}"[:40]


class IndustryLookup:
    """Industry codes in cells: SEI 2018 first, then GB/T 4754; `gbt4754:C39` or `sei2018:1.2` forces
    the scheme; GB/T codes may carry their section letter (C39 = 39); exact names are accepted too."""

    def __init__(self):
        self.by_key: dict[tuple[str, str], int] = {}
        self.labels: dict[int, str] = {}
        self.by_name: dict[str, int] = {}
        self._many: dict[str, frozenset] = {}
        rows = Industry.objects.values_list("pk", "scheme", "code", "name_zh", "name_en").order_by("-scheme")
        for pk, scheme, code, name_zh, name_en in rows:  # sei2018 sorts after gbt4754; -scheme puts it first
            self.by_key[(scheme, code)] = pk
            self.labels[pk] = code if scheme == Industry.Scheme.SEI_2018 else f"{scheme}:{code}"
            for name in (name_zh, name_en.lower()):
                if name:
                    self.by_name.setdefault(name, pk)
        self.suggest = Suggester(
            lambda: list(self.labels.values()) + [n for n in self.by_name if n.isascii()]
        )

    def one(self, raw: str):
        scheme, sep, code = raw.partition(":")
        if sep and scheme.lower() in (Industry.Scheme.SEI_2018, Industry.Scheme.GBT_4754):
            schemes, codes = [scheme.lower()], [code.strip()]
        else:
            schemes, codes = [Industry.Scheme.SEI_2018, Industry.Scheme.GBT_4754], [raw]
        for scheme in schemes:
            for code in codes:
                variants = [code]
                if (
                    scheme == Industry.Scheme.GBT_4754
                    and len(code) > 1
                    and code[0].isalpha()
                    and code[1:].isdigit()
                ):
                    variants.append(code[1:])  # C39 → 39
                    variants[0] = code.upper()
                for variant in variants:
                    pk = self.by_key.get((scheme, variant))
                    if pk is not None:
                        return pk
        pk = self.by_name.get(raw) or self.by_name.get(raw.lower()) or self._section(raw)
        if pk is None:
            raise Invalid(
                f"names no known industry (SEI 2018 or GB/T 4754 code, or exact name){self.suggest(raw)}"
            )
        return pk

    def _section(self, raw: str):
        """'J 金融业', as the exchanges' lists give a company's CSRC industry: its letter is the GB/T 4754
        section (CSRC 2012 follows GB/T 4754's sections)."""
        match = SECTION_RE.fullmatch(raw)
        if not match:
            return None
        return self.by_key.get((Industry.Scheme.GBT_4754, match.group(1).upper())) or self.by_name.get(
            match.group(2)
        )

    def many(self, raw: str) -> frozenset:
        cached = self._many.get(raw)
        if cached is not None:
            return cached  # the same few code combinations recur on many rows
        found, bad = set(), []
        parts = split_multi(raw)
        for part in parts:
            try:
                found.add(self.one(part))
            except Invalid as exc:
                # The error shows the cell already: name the part only when the cell has several.
                bad.append(f"'{part}' {exc}" if len(parts) > 1 else str(exc))
        if bad:
            raise Invalid("; ".join(bad))
        found = frozenset(found)
        if len(self._many) < CACHE_LIMIT:
            self._many[raw] = found
        return found


class SourceLookup:
    """Sources named by URL in `source_url` cells; URLs not yet known become bare sources on write."""

    def __init__(self):
        self.by_url: dict[str, int] = dict(Source.objects.values_list("url", "pk"))
        self._check = url(500)
        self._fake = 0
        self._urls: dict[str, tuple] = {}
        self._pks: dict[tuple, frozenset] = {}  # URL tuple → Source pks (by_url only ever grows)

    def labels(self) -> dict:
        """{pk: URL}, for previews (built on demand: sources are added as a file cites new ones)."""
        return {pk: url for url, pk in self.by_url.items()}

    def urls(self, raw: str) -> tuple[str, ...]:
        cached = self._urls.get(raw)
        if cached is not None:
            return cached  # most files cite a handful of sources on every row
        found = []
        for part in split_multi(raw):
            self._check(part)
            if part not in found:
                found.append(part)
        found = tuple(found)
        if len(self._urls) < CACHE_LIMIT:
            self._urls[raw] = found
        return found

    def ensure(self, urls, ctx) -> None:
        """Create the sources not known yet (in a dry run, give them placeholder ids)."""
        missing = sorted({u for u in urls if u not in self.by_url})
        if not missing:
            return
        if not ctx.writing:
            for u in missing:
                self._fake -= 1
                self.by_url[u] = self._fake
            return
        objs = Source.objects.bulk_create([Source(url=u, title=u[:300]) for u in missing])
        for obj in objs:
            self.by_url[obj.url] = obj.pk
            ctx.change(Source, obj.pk, "created")

    def _refuse_new_sources(self, records, ctx, key) -> None:
        """Sources are shared by every zone, so a zone editor's file may cite only sources already held."""
        for record in records:
            for u in (record.extra or {}).get(key, ()):
                if u not in self.by_url:
                    ctx.error(
                        record.row,
                        "source_url",
                        u,
                        "is not a source the atlas holds; zone editors may cite only existing sources "
                        "(a ministry editor can add it)",
                    )
                    self.by_url[u] = None  # report each unknown URL once, and create nothing for it

    def resolve_records(self, records, ctx, *, m2m: str | None = "sources", fk: str | None = None) -> None:
        """Turn URL tuples in records into Source pks (M2M field `m2m`, or FK attname `fk`)."""
        key = "_source_urls"
        if ctx.allowed_zones is not None:
            self._refuse_new_sources(records, ctx, key)
        self.ensure({u for r in records for u in (r.extra or {}).get(key, ())}, ctx)
        for record in records:
            urls = (record.extra or {}).get(key)
            if urls is None:
                continue
            if fk:
                record.values[fk] = self.by_url[urls[0]] if urls else None
            else:
                pks = self._pks.get(urls)
                if pks is None:
                    pks = frozenset(self.by_url[u] for u in urls)
                    if len(self._pks) < CACHE_LIMIT:
                        self._pks[urls] = pks
                record.m2m[m2m] = pks
