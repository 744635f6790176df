"""Which development zone a Chinese address names, if any: the one reader of addresses, used everywhere
(the `match_zones` command, the enterprise import, the bundled data).

Precision first: a wrong link is worse than none. `ZoneMatcher.match(address, province=, city=)` returns a
`ZoneMatch` (zone code, name, method, the text that matched, whether it is confident) or None when the
address names no zone or could name several. How a zone can be named:

- ``full-name``: the zone's registered name as written (苏州工业园区, 中国（上海）自由贸易试验区);
- ``city-kind``: a place with its administrative suffix, optionally 国家/国家级, then the zone's kind word
  (安徽省合肥市经济技术开发区 → 合肥经济技术开发区;
  云南省昆明市国家高新技术产业开发区 → 昆明高新技术产业开发区);
- ``alias``: the place with the common short form of the kind (合肥高新区, 长春经开区) or a provincial
  zone's name without its province prefix (赣榆经济开发区 → 江苏赣榆经济开发区);
- ``city-district``: a city with 市, one of its districts with 区, then an ETDZ or high-tech kind word,
  when the district has no zone of that kind (哈尔滨市南岗区经济技术开发区 → 哈尔滨经济技术开发区);
- ``common-name``: a name used in practice instead of the registered one (东湖开发区 → 武汉东湖新技术开发区),
  from the short list `COMMON_NAMES`.

``full-name``, ``city-kind``, ``city-district``, a city with its suffix followed by a common short form
(西安市高新区) and, with the province known, 经济开发区 and 经济技术开发区 written for each other
(吴中经济开发区 → 吴中经济技术开发区) are confident, as are the common names marked so; other aliases and
common names (广州开发区, which covers several zones) are proposals a reviewer confirms. An address naming a
free trade zone and another zone is in the other (the free trade zone's 片区 are laid over it).
What is not a zone statement: road names (高新北六道, 开发区大道: the kind word must end the place part
and not be followed by 路/道/街/大道), a bare 园区 or 开发区 without a place before it, and national new
areas (浦东新区, 滨海新区), which are districts as well as zones. A zone outside the address's province never
matches. A provincial zone's name without its province prefix (河北省三河经济开发区 → 河北三河经济开发区)
counts as its full name when the address's province is known (from the address or the caller).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

# Kind words that end zone names, longest first, each with the short forms used in addresses (aliases).
KIND_WORDS = {
    # 开发区 after a city is how many ETDZs are called (昆山开发区); always a proposal, never confident.
    "经济技术开发区": ("经开区", "开发区", "经济开发区", "经济技术开发区"),
    "高新技术产业开发区": (
        "高新区",
        "高新开发区",
        "高新技术开发区",
        "高新技术产业园区",
        "高新技术产业开发区",
    ),
    "高新技术产业园区": ("高新区", "高新开发区", "高新技术产业园区"),
    "综合保税区": ("综保区", "综合保税区"),
    "保税物流园区": ("保税物流园区",),
    "保税港区": ("保税港区",),
    "出口加工区": ("出口加工区",),
    "保税区": ("保税区",),
    "经济开发区": ("经济开发区", "经济技术开发区"),
    "工业园区": ("工业园区",),
    "工业集中区": ("工业集中区",),
    "产业集聚区": ("产业集聚区",),
}
# Short forms that, after a place with its administrative suffix (西安市高新区), name one zone as surely as
# the full kind word does. Not 开发区 (a city may have several).
STRONG_ALIASES = {"高新区", "经开区", "高新开发区", "高新技术开发区", "综保区"}
# The two ETDZ kind words written for each other (吴中经济开发区 → 吴中经济技术开发区, upgraded in 2012;
# 永乐经济技术开发区 → 北京永乐经济开发区): as sure as a strong alias when the province is known, and a zone
# whose name has the address's own kind word always wins over the swap (see the rank in `match`).
SWAPPED_KINDS = {"经济开发区", "经济技术开发区"}
# After "<city>市<district>区" (哈尔滨市南岗区经济技术开发区), these kind words name the city's zone of that
# kind when the district has none of its own: national ETDZs and high-tech zones are named after their city.
# Not 经济开发区 or 工业园区 (a district often has its own, unlisted), and only after an urban 区, never a 县
# or county-level 市 (湖北省孝感市云梦县经济开发区 is not 孝感's).
CITY_DISTRICT_KINDS = {"经济技术开发区", "经开区", "高新技术产业开发区", "高新区", "高新技术开发区"}
# New areas are districts as well (浦东新区); an address naming one names the district.
EXCLUDED_KINDS = {"new-area"}
# Common names for zones, as used in addresses and by the zones themselves: name → (registered name,
# confident). Confident where the name is the zone's own and covers nothing else; a proposal where the
# name covers an area several zones share (广州开发区 is the administration of the Guangzhou ETDZ, the
# Guangzhou high-tech zone and two customs zones; 无锡新区 likewise).
COMMON_NAMES = {
    "广州开发区": ("广州经济技术开发区", False),
    "无锡新区": ("无锡高新技术产业开发区", False),
    "天津开发区": ("天津经济技术开发区", True),
    "大连开发区": ("大连经济技术开发区", True),
    "青岛开发区": ("青岛经济技术开发区", True),
    "烟台开发区": ("烟台经济技术开发区", True),
    "苏州新区": ("苏州高新技术产业开发区", True),
    "江宁开发区": ("江宁经济技术开发区", True),
    "北京经济技术开发区": ("北京经济技术开发区", True),
    "亦庄经济技术开发区": ("北京经济技术开发区", True),
    "德山开发区": ("常德经济技术开发区", True),
    "东湖开发区": ("武汉东湖新技术开发区", True),
    "东湖高新区": ("武汉东湖新技术开发区", True),
    "东湖高新技术开发区": ("武汉东湖新技术开发区", True),
    "厦门火炬高新区": ("厦门火炬高技术产业开发区", True),
    "中山火炬开发区": ("中山火炬高技术产业开发区", True),
    "包头稀土开发区": ("包头稀土高新技术产业开发区", True),
    "漕河泾开发区": ("漕河泾新兴技术开发区", True),
    # The Tianjin high-tech zone's name until 2009 (华苑, 北辰 and 武清 were its parks).
    "天津新技术产业园区": ("天津滨海高新技术产业开发区", True),
    "松山湖园区": ("东莞松山湖高新技术产业开发区", True),
    "松山湖科技产业园区": ("东莞松山湖高新技术产业开发区", True),
    "成都高新西区": ("成都高新技术产业开发区", True),
}
# Common names ending in these words do not match when 市 stands before the word (天津市开发区, 苏州市新区).
BARE_TAILS = ("开发区", "新区")
FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")
ADMIN_SUFFIXES = ("市", "县", "区", "省", "自治州", "地区", "盟", "旗")
HONORIFICS = ("国家级", "国家", "省级")
# What follows a kind word when it is part of a road or building name, not a zone statement.
# A community (深圳 南山区粤海街道高新区社区) is named after the zone, but its name states no zone either.
ROAD_AFTER = re.compile(
    r"^(路|道|街|大道|大街|北路|南路|东路|西路|中路|一路|二路|三路|四路|五路|大厦|小区|社区)"
)
# "<city>市<district>区" at the end of the text before a kind word; group 1 is the city.
CITY_DISTRICT = re.compile(r"([^省市区县]{2,6})市[^省市区县]{1,4}区$")
PROVINCE_STEM = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_KIND_RE = re.compile(
    "|".join(sorted({a for aliases in KIND_WORDS.values() for a in aliases}, key=len, reverse=True))
)


@dataclass(frozen=True)
class ZoneMatch:
    zone_code: str
    zone_name: str
    method: str
    matched_text: str
    # Linked without review: full names, place + kind word, and a city with its suffix followed by a
    # common short form (西安市高新区). Other aliases and common names wait for a reviewer.
    confident: bool = True


@dataclass(frozen=True)
class _Zone:
    code: str
    name: str
    province: str
    kind: str = ""


class ZoneMatcher:
    """Built once from the zones (code, name_zh, province code, kind); `match()` is pure and fast."""

    def __init__(self, zones, provinces: dict[str, str]):
        """`zones`: iterable of dicts with code, name_zh, province (2-digit code), kind;
        `provinces`: NBS province name → code (北京市 → 11)."""
        self.provinces = {}
        for name, code in provinces.items():
            self.provinces[name] = code
            self.provinces[PROVINCE_STEM.sub("", name)] = code
        self.province_prefixes = sorted(self.provinces, key=len, reverse=True)
        self.by_name: dict[str, list[_Zone]] = defaultdict(list)
        self.by_stem: dict[tuple[str, str], list[tuple[_Zone, bool, bool]]] = defaultdict(list)
        self.by_sub: dict[tuple[str, str], list[tuple[_Zone, str, bool]]] = defaultdict(list)
        for row in zones:
            if row["kind"] in EXCLUDED_KINDS:
                continue
            zone = _Zone(row["code"], row["name_zh"], row["province"], row["kind"])
            self.by_name[zone.name].append(zone)
            for kind_word, aliases in KIND_WORDS.items():
                if not zone.name.endswith(kind_word):
                    continue
                stem = zone.name[: -len(kind_word)]
                stems = {(stem, False)}
                if stem[-1:] in ("市", "县") and len(stem) >= 3:
                    stems.add((stem[:-1], False))  # 深圳市高新技术产业园区: the place is 深圳
                bare = self._strip_province(stem)
                if bare != stem:
                    stems.add((bare, True))  # a provincial zone's name without its province prefix
                for place, stripped in stems:
                    if len(place) >= 2:
                        for alias in aliases:
                            self.by_stem[(place, alias)].append((zone, stripped, alias != kind_word))
                    # 扬州维扬 → 维扬 when the address names 扬州 earlier (扬州市邗江区维扬经济开发区).
                    for cut in (2, 3):
                        if len(place) - cut >= 2:
                            for alias in aliases:
                                key = (place[cut:], alias)
                                self.by_sub[key].append((zone, place[:cut], alias != kind_word))
                break
        self.common: dict[str, tuple[_Zone, bool]] = {}
        for common, (registered, confident) in COMMON_NAMES.items():
            if len(self.by_name.get(registered, [])) == 1:
                self.common[common] = (self.by_name[registered][0], confident)
        self._ftz = {zone.code for zones in self.by_name.values() for zone in zones if zone.kind == "ftz"}
        # Name lengths, so that finding names in an address is a few dictionary lookups per position.
        self._lengths = sorted({len(name) for name in list(self.by_name) + list(self.common)})

    def _strip_province(self, text: str) -> str:
        for prefix in self.province_prefixes:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                return text[len(prefix) :]
        return text

    def _names_in(self, text: str):
        """(name, end) for every registered or common name found in `text`."""
        for end in range(1, len(text) + 1):
            for length in self._lengths:
                if length > end:
                    break
                piece = text[end - length : end]
                if piece in self.by_name or piece in self.common:
                    yield piece, end

    def address_province(self, address: str) -> str:
        """The province code an address starts with (中国/中华人民共和国 allowed before it), or ''."""
        text = re.sub(r"^(中华人民共和国|中国)", "", address)
        for prefix in self.province_prefixes:
            if text.startswith(prefix):
                return self.provinces[prefix]
        return ""

    def match(self, address: str, province: str = "", city: str = "") -> ZoneMatch | None:
        """The zone `address` names, or None. `province` (name or code) and `city` narrow the search."""
        # Half-width brackets as in 中国(上海)自由贸易试验区: zone names are written with full-width ones.
        text = re.sub(r"\s+", "", address or "").translate(FULL_WIDTH_BRACKETS)
        if not text:
            return None
        wanted = self.address_province(text)
        if province:
            hint = province if province.isdigit() else self.provinces.get(province, "")
            if wanted and hint and wanted != hint:
                return None  # the address and the hint disagree: say nothing
            wanted = wanted or hint
        found: dict[str, tuple[tuple, ZoneMatch]] = {}  # zone code → (rank, match)
        city_district = []  # (zone, stripped, matched text, end): the city's zone, if nothing else is found

        def add(zone: _Zone, method: str, matched: str, end: int, within: str = text, confident=None):
            if wanted and zone.province != wanted:
                return
            if ROAD_AFTER.match(within[end:]):
                return
            if confident is None:
                confident = method in ("full-name", "city-kind")
            # Of two zones named by the same text, the one whose name has the address's own kind word wins
            # over one reached through an alias (江苏省扬州市维扬经济开发区: not a swapped kind word).
            rank = (confident, len(matched), method != "alias")
            if zone.code not in found or rank > found[zone.code][0]:
                found[zone.code] = (rank, ZoneMatch(zone.code, zone.name, method, matched, confident))

        # Registered and common names, wherever they occur.
        for name, end in self._names_in(text):
            if name in self.by_name:
                for zone in self.by_name[name]:
                    add(zone, "full-name", name, end)
            else:
                zone, confident = self.common[name]
                add(zone, "common-name", name, end, confident=confident)
        # Registered and common names with 市 after the city (武汉市东湖新技术开发区 → 武汉东湖新技术开发区,
        # 中山市火炬开发区 → 中山火炬开发区).
        if "市" in text:
            bare = text.replace("市", "")
            for name, end in self._names_in(bare):
                if name in text:
                    continue
                if name in self.by_name:
                    for zone in self.by_name[name]:
                        add(zone, "city-kind", name, end, bare)
                elif not any(
                    name.endswith(tail) and name[: -len(tail)] + "市" + tail in text for tail in BARE_TAILS
                ):
                    # 天津市开发区 is the city's 开发区, not 天津开发区: which of the city's zones, the
                    # reviewer says (the alias proposal below).
                    zone, confident = self.common[name]
                    add(zone, "common-name", name, end, bare, confident=confident)
        # A place (with its administrative suffix and 国家/国家级) followed by a kind word.
        for kind in _KIND_RE.finditer(text):
            before, end = text[: kind.start()], kind.end()
            for honorific in HONORIFICS:
                if before.endswith(honorific):
                    before = before[: -len(honorific)]
                    break
            for suffix in ("",) + ADMIN_SUFFIXES:
                if suffix and not before.endswith(suffix):
                    continue
                place_end = len(before) - len(suffix)
                for length in range(2, 7):
                    place = before[place_end - length : place_end]
                    if len(place) < length:
                        break
                    strong = bool(suffix or wanted) and (
                        kind.group() in STRONG_ALIASES or kind.group() in SWAPPED_KINDS
                    )
                    for zone, stripped, short_kind in self.by_stem.get((place, kind.group()), ()):
                        if short_kind or (stripped and not wanted):
                            # 合肥高新区, or a provincial zone's name without its province when the
                            # address does not say which province it is in.
                            add(zone, "alias", text[place_end - length : end], end, confident=strong)
                        else:
                            method = "city-kind" if suffix else "full-name"
                            add(zone, method, text[place_end - length : end], end)
                    for zone, prefix, short_kind in self.by_sub.get((place, kind.group()), ()):
                        if prefix in text[: place_end - length]:
                            method = "alias" if short_kind else "city-kind"
                            confident = strong if short_kind else None
                            add(zone, method, text[place_end - length : end], end, confident=confident)
            # <city>市<district>区 and a kind word (哈尔滨市南岗区经济技术开发区): kept for when nothing
            # else is found, so that a district's own zone always wins over its city's.
            district = CITY_DISTRICT.search(before) if kind.group() in CITY_DISTRICT_KINDS else None
            if district:
                for zone, stripped, _short in self.by_stem.get((district.group(1), kind.group()), ()):
                    city_district.append((zone, stripped, text[district.start() : end], end))
        if all(code in self._ftz for code in found):
            for zone, stripped, matched, end in city_district:
                add(zone, "city-district", matched, end, confident=bool(wanted) or not stripped)
        # A free trade zone's 片区 are laid over other zones (中国（四川）自由贸易试验区成都高新区): an
        # address naming one and another zone is in the other, the narrower one.
        if any(m.zone_code not in self._ftz for _rank, m in found.values()):
            found = {code: item for code, item in found.items() if code not in self._ftz}
        if not found:
            return None
        ranked = sorted(found.values(), key=lambda item: item[0], reverse=True)
        best_rank, best = ranked[0]
        rivals = [m for rank, m in ranked[1:] if rank == best_rank]
        if rivals:
            if city:
                # Several zones fit equally: a city hint may pick one whose name carries it.
                stem = re.sub(r"(市|地区|自治州|盟)$", "", city)
                keep = [m for m in [best, *rivals] if stem and stem in m.zone_name]
                if len(keep) == 1:
                    return keep[0]
            return None
        # Another zone named by a text that is not part of the best one: the address names two zones.
        for _rank, other in ranked[1:]:
            if other.matched_text not in best.matched_text and best.matched_text not in other.matched_text:
                return None
        return best


def matcher_from_database() -> ZoneMatcher:
    """A matcher over the zones in the database (two queries)."""
    from .models import Province, Zone

    zones = [
        {"code": code, "name_zh": name, "province": province, "kind": kind}
        for code, name, province, kind in Zone.objects.values_list(
            "code", "name_zh", "province__code", "kind"
        )
    ]
    return ZoneMatcher(zones, dict(Province.objects.values_list("name_zh", "code")))
