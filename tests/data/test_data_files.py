"""The bundled data files in data/, checked as plain CSV (no database): counts, keys, references, key facts.

The expected counts come from the originals described in data/SOURCES.md (GB/T 37028-2018: 2,606 zones,
219 of them national ETDZs; Tushare: 5,418 A-share companies; SEI 2018: 49 nodes; GB/T 4754-2017: 1,971).
"""

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FILES = [
    "sources.csv",
    "provinces.csv",
    "prefectures.csv",
    "industries.csv",
    "zones.csv",
    "statistics.csv",
    "enterprises.csv",
    "policies.csv",
    "place_names.csv",
    "catalogue_match_report.csv",
    "crosswalk_tushare_sector_gbt4754.csv",
]
GBT37028 = "https://github.com/WankkoRee/cn-adcode-efzcode/"
ZHWIKI = "https://zh.wikipedia.org/wiki/"
GOVCN = "https://www.gov.cn/zhengce/content/202410/content_6983864.htm"
ARTICLE = "https://www.chinadaily.com.cn/"
CATALOGUE = "https://github.com/kaiwulaw/china-industrial-zones-atlas/"
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@cache
def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def choices(path: str, class_name: str) -> set[str]:
    """The values of a TextChoices class, read from the model source (the test needs no Django)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    block = re.search(rf"class {class_name}\(models\.TextChoices\):\n((?:        .*\n)+)", text).group(1)
    return set(re.findall(r'= "([^"]+)",', block))


def urls(cell: str) -> list[str]:
    return [url for url in cell.split(";") if url]


def test_every_file_is_utf8_with_a_header_and_no_reference_to_the_shared_folder():
    for name in FILES:
        text = (DATA / name).read_text(encoding="utf-8")
        assert not text.startswith("\ufeff"), name
        assert "/work/shared" not in text, name
        assert rows(name), name


def test_headers_use_the_canonical_columns():
    assert list(rows("zones.csv")[0])[:8] == [
        "code",
        "name_zh",
        "short_name",
        "name_en",
        "name_en_derived",
        "kind",
        "level",
        "province",
    ]
    assert list(rows("statistics.csv")[0]) == [
        "zone_code",
        "year",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "source_url",
    ]
    assert {"name_zh", "stock_code", "board", "zone_code", "province", "industries", "listed"} <= set(
        rows("enterprises.csv")[0]
    )


def test_provinces_and_prefectures():
    provinces = rows("provinces.csv")
    assert len(provinces) == 31
    assert len({p["code"] for p in provinces}) == 31
    assert len({p["slug"] for p in provinces}) == 31
    by_code = {p["code"]: p for p in provinces}
    assert by_code["15"]["name_en"] == "Inner Mongolia" and by_code["15"]["slug"] == "inner-mongolia"
    assert by_code["32"]["slug"] == "jiangsu"
    assert by_code["61"]["name_en"] == "Shaanxi"
    assert all(p["longitude"] and p["latitude"] for p in provinces)

    prefectures = rows("prefectures.csv")
    assert len(prefectures) == 342
    assert len({p["code"] for p in prefectures}) == 342
    assert all(p["province"] in by_code and p["code"][:2] == p["province"] for p in prefectures)
    pref = {p["code"]: p for p in prefectures}
    assert pref["1101"]["name_en"] == "Beijing (districts)"
    assert pref["3205"]["name_zh"] == "苏州市" and pref["3205"]["name_en"] == "Suzhou"
    # Only the NBS "county-level units under the province" pseudo-prefectures lack a centre point.
    missing = {p["code"] for p in prefectures if not p["longitude"]}
    assert missing == {"4190", "4290", "4690", "6590"}


def test_industries_trees():
    industries = rows("industries.csv")
    keys = [(i["scheme"], i["code"]) for i in industries]
    assert len(keys) == len(set(keys))
    by_scheme = Counter(i["scheme"] for i in industries)
    assert by_scheme == {"sei2018": 49, "gbt4754": 1971}
    codes = set(keys)
    for industry in industries:
        if industry["parent_code"]:
            assert (industry["scheme"], industry["parent_code"]) in codes, industry
        else:
            assert industry["level"] == "1", industry
    sei = {i["code"]: i for i in industries if i["scheme"] == "sei2018"}
    assert sum(1 for i in sei.values() if i["level"] == "1") == 9
    # The source made 新能源产业 its own parent; the file must not.
    assert sei["6"]["name_zh"] == "新能源产业" and sei["6"]["parent_code"] == ""
    assert sei["1.2"]["name_zh"] == "电子核心产业"
    assert all(i["name_en"] and i["name_en_derived"] == "true" for i in sei.values())
    gbt = [i for i in industries if i["scheme"] == "gbt4754"]
    assert Counter(i["level"] for i in gbt) == {"1": 20, "2": 97, "3": 473, "4": 1381}
    # English names only for sections and divisions, always marked derived; none invented below.
    assert all(bool(i["name_en"]) == (i["level"] in ("1", "2")) for i in gbt)
    assert next(i for i in gbt if i["code"] == "37")["name_zh"] == "铁路、船舶、航空航天和其他运输设备制造业"


def test_zones_cover_the_standard_and_the_2024_upgrades():
    zones = rows("zones.csv")
    codes = [z["code"] for z in zones]
    # 2,606 of the standard, the 4 upgrades of 2024, and 上海枫泾工业园区: the one catalogue zone that
    # resembles no zone of the standard (catalogue_match_report.csv).
    assert len(codes) == 2611 and len(set(codes)) == 2611
    assert all(re.fullmatch(r"\d{8}", code) for code in codes)
    from_standard = [z for z in zones if GBT37028 in z["source_url"]]
    assert len(from_standard) == 2606
    assert Counter(z["level"] for z in from_standard) == {"national": 627, "provincial": 1979}
    etdz = [z for z in zones if z["kind"] == "etdz"]
    assert len(etdz) == 219 + 4
    assert all(z["level"] == "national" and z["code"][2:5] == "101" for z in etdz)
    # 上海朱泾工业园区 is listed twice in the standard under two codes; both are kept.
    assert [z["code"] for z in zones if z["name_zh"] == "上海朱泾工业园区"] == ["31299019", "31299020"]


def test_zone_values_are_valid_and_references_resolve():
    kinds = choices("zones/models/zones.py", "Kind")
    statuses = choices("zones/models/zones.py", "Status")
    provinces = {p["code"] for p in rows("provinces.csv")}
    prefectures = {p["code"]: p["province"] for p in rows("prefectures.csv")}
    sources = {s["url"] for s in rows("sources.csv")}
    for zone in rows("zones.csv"):
        assert zone["kind"] in kinds, zone
        assert zone["status"] in statuses, zone
        assert zone["province"] in provinces and zone["code"][:2] == zone["province"], zone
        if zone["prefecture"]:
            assert prefectures[zone["prefecture"]] == zone["province"], zone
        assert zone["name_en"] and not re.search(r"[\u3400-\u9fff]", zone["name_en"]), zone
        assert zone["name_en_derived"] == "true"
        assert zone["longitude"] and zone["latitude"]
        # Only a point the catalogue flags as sound and finer than a county is exact.
        assert (zone["location_approximate"] == "false") == (zone["location_basis"] == "catalogue"), zone
        assert zone["location_basis"] in {"catalogue", "county", "prefecture", "province"}, zone
        assert not zone["approved"] or PARTIAL_DATE.match(zone["approved"]), zone
        assert urls(zone["source_url"]) and set(urls(zone["source_url"])) <= sources, zone


def test_zone_points_say_whose_point_they_are():
    """What the zone page's location badge relies on: a prefecture or province point is that place's
    centre; a catalogue point is used only where its quality flags allow, inside the zone's province."""
    province_at = {p["code"]: (p["longitude"], p["latitude"]) for p in rows("provinces.csv")}
    prefecture_at = {p["code"]: (p["longitude"], p["latitude"]) for p in rows("prefectures.csv")}
    bases = Counter()
    for zone in rows("zones.csv"):
        point = (zone["longitude"], zone["latitude"])
        basis = zone["location_basis"]
        bases[basis] += 1
        if basis == "prefecture":
            assert point == prefecture_at[zone["prefecture"]], zone
        elif basis == "province":
            assert point == province_at[zone["province"]], zone
        elif basis == "catalogue":
            assert zone["catalogue_code"] or zone["status_document"], zone
    assert bases == {"catalogue": 1162, "county": 1016, "prefecture": 143, "province": 290}


def test_catalogue_fields_and_match_report():
    zones = {z["code"]: z for z in rows("zones.csv")}
    sip = zones["32101004"]
    assert (sip["catalogue_code"], sip["approved"], sip["area_ha"], sip["area_km2"]) == (
        "G321090",
        "1994-02",
        "8000.0",
        "80.00",
    )
    assert sip["leading_industries"] == "电子信息;生物医药;纳米技术"
    assert CATALOGUE in sip["source_url"]
    with_catalogue = [z for z in zones.values() if z["catalogue_code"]]
    # S377018 is the catalogue's code for two zones (淄川 and 临淄, a source error): both keep it.
    assert len(with_catalogue) == 2519 and len({z["catalogue_code"] for z in with_catalogue}) == 2518
    assert all(
        z["area_ha"] and z["leading_industries"] and CATALOGUE in z["source_url"] for z in with_catalogue
    )
    two_dates = [z for z in with_catalogue if z["catalogue_approved"]]
    assert sorted(z["catalogue_approved"] for z in two_dates) == ["2000-04/2002-12", "2010-10/2012-01"]
    # The extraction's misreadings are matched (GB/T 37028 prints 信阳 as 现阳), never guessed.
    assert zones["41202008"]["name_zh"] == "现阳高新技术产业开发区" and zones["41202008"]["catalogue_code"]
    report = rows("catalogue_match_report.csv")
    assert Counter((r["side"], r["status"]) for r in report) == {
        ("catalogue", "matched-normalised"): 20,
        ("catalogue", "doubtful"): 23,
        ("catalogue", "ambiguous"): 1,
        ("catalogue", "unmatched"): 1,
        ("gbt37028", "unmatched"): 88,
    }
    # 营口综合保税区 is filed under Shandong in GB/T 37028: doubtful, not matched to the Shandong row.
    yingkou = next(r for r in report if r["name"] == "营口综合保税区")
    assert yingkou["status"] == "doubtful" and yingkou["matched_code"] == ""
    assert not zones["37104010"]["catalogue_code"]


def test_zone_approval_dates_cite_wikipedia():
    zones = {z["code"]: z for z in rows("zones.csv")}
    dalian = next(z for z in zones.values() if z["name_zh"] == "大连经济技术开发区")
    assert dalian["approved"] == "1984-09"
    assert any(url.startswith(ZHWIKI) for url in urls(dalian["source_url"]))
    from_wiki = [z for z in zones.values() if any(u.startswith(ZHWIKI) for u in urls(z["source_url"]))]
    # The catalogue's month replaces Wikipedia's date where the two differ (then Wikipedia is not cited).
    assert len(from_wiki) == 107
    assert all(z["approved"] for z in from_wiki)
    assert zones["32101004"]["name_zh"] == "苏州工业园区"
    assert zones["32101004"]["name_en"] == "Suzhou Industrial Park"


@pytest.mark.parametrize(
    ("old_code", "former_name", "new_name"),
    [
        ("44201009", "广州花都经济开发区", "广州花都经济技术开发区"),
        ("36201004", "江西贵溪经济开发区", "贵溪经济技术开发区"),
        ("50299014", "重庆涪陵工业园区", "涪陵经济技术开发区"),
        ("21299001", "沈阳金融商贸开发区", "沈阳金融商贸经济技术开发区"),
    ],
)
def test_zone_upgrades_of_2024(old_code, former_name, new_name):
    zones = {z["code"]: z for z in rows("zones.csv")}
    old = zones[old_code]
    assert old["name_zh"] == former_name and old["level"] == "provincial"
    assert (old["status"], old["status_document"], old["status_date"]) == (
        "upgraded",
        "国办函〔2024〕83号",
        "2024-10-27",
    )
    new = next(z for z in zones.values() if z["name_zh"] == new_name)
    assert new["code"][:5] == old_code[:2] + "101" and new["code"] != old_code
    assert (new["kind"], new["level"], new["status"], new["former_name"]) == (
        "etdz",
        "national",
        "active",
        former_name,
    )
    assert (new["status_document"], new["status_date"], new["approved"]) == (
        "国办函〔2024〕83号",
        "2024-10-27",
        "2024-10-27",
    )
    assert new["source_url"] == GOVCN
    assert "assigned by Zone Atlas" in new["description"]


def test_national_statistics_from_the_article():
    stats = {s["indicator"]: s for s in rows("statistics.csv") if s["indicator"] != "mofcom_rank"}
    assert set(stats) <= choices("zones/models/zones.py", "Indicator")
    assert all(
        s["zone_code"] == "" and s["year"] == "2024" and s["source_url"] == ARTICLE for s in stats.values()
    )
    assert (stats["zone_count"]["value"], stats["gdp"]["value"], stats["gdp"]["unit"]) == (
        "232",
        "16.9",
        "trillion yuan",
    )
    assert (stats["high_tech_enterprises"]["value"], stats["high_tech_enterprises"]["qualifier"]) == (
        "85000",
        "more than",
    )
    assert (stats["high_tech_share"]["value"], stats["high_tech_share"]["unit"]) == ("18", "%")
    assert stats["fdi_share"]["qualifier"] == stats["foreign_trade_share"]["qualifier"] == "nearly"


def test_mofcom_ranks_cite_news_reports_with_year_and_completeness():
    ranks = [s for s in rows("statistics.csv") if s["indicator"] == "mofcom_rank"]
    sources = {s["url"]: s for s in rows("sources.csv")}
    zones = {z["code"]: z["name_zh"] for z in rows("zones.csv")}
    # 67 reported ranks; the one whose repost has no address cannot be cited and is left out.
    assert len(ranks) == 66
    assert {r["qualifier"] for r in ranks} == {"complete list", "top 10 only", "partial list"}
    for rank in ranks:
        assert rank["zone_code"] in zones and re.fullmatch(r"\d{4} data", rank["unit"])
        assert "Not an official MOFCOM file" in sources[rank["source_url"]]["note"]
    top = {(r["year"], r["value"]): zones[r["zone_code"]] for r in ranks}
    assert top[("2021", "1")] == "苏州工业园区"
    assert top[("2021", "15")] == "漕河泾新兴技术开发区"  # reported as 上海漕河泾新兴技术开发区


def test_enterprises():
    enterprises = rows("enterprises.csv")
    assert len(enterprises) == 5418
    assert len({e["stock_code"] for e in enterprises}) == 5418
    assert len({e["name_zh"] for e in enterprises}) == 5418
    boards = choices("enterprises/models.py", "Board")
    assert Counter(e["board"] for e in enterprises) == {
        "sse-main": 1695,
        "szse-main": 1487,
        "chinext": 1381,
        "star": 588,
        "bse": 267,
    }
    assert {e["board"] for e in enterprises} <= boards
    provinces = {p["code"] for p in rows("provinces.csv")}
    zones = {z["code"] for z in rows("zones.csv")}
    industries = {i["code"] for i in rows("industries.csv")}
    sources = {s["url"] for s in rows("sources.csv")}
    for enterprise in enterprises:
        assert re.fullmatch(r"\d{6}", enterprise["stock_code"])
        assert not enterprise["province"] or enterprise["province"] in provinces
        assert not enterprise["zone_code"] or enterprise["zone_code"] in zones
        assert {code.removeprefix("gbt4754:") for code in urls(enterprise["industries"])} <= industries
        assert set(urls(enterprise["source_url"])) <= sources
        assert not enterprise["listed"] or re.fullmatch(r"\d{4}-\d{2}-\d{2}", enterprise["listed"])
    assert sum(1 for e in enterprises if not e["province"]) == 5
    # Shenzhen companies (Tushare area 深圳) belong to Guangdong.
    assert next(e for e in enterprises if e["stock_code"] == "000001")["province"] == "44"
    # Only the two companies the article places in a zone are linked to one in the file; links derived
    # from addresses are made when the file is loaded (enterprises.zone_links).
    assert sorted(e["stock_code"] for e in enterprises if e["zone_code"]) == ["002380", "688001"]
    with_address = [e for e in enterprises if e["address"]]
    assert len(with_address) == 3916
    assert all(
        e["address_source"] in sources and e["address_year"] in {"2015", "2025", "2026"} for e in with_address
    )
    assert sum(1 for e in enterprises if e["prefecture"]) == 5163
    assert sum(1 for e in enterprises if e["credit_code"]) == 414


def test_hyc_and_sciyon_as_the_article_states():
    by_code = {e["stock_code"]: e for e in rows("enterprises.csv")}
    hyc = by_code["688001"]
    assert hyc["name_zh"] == "苏州华兴源创科技股份有限公司"
    assert hyc["name_en"] == "Suzhou HYC Technology Co.,Ltd"
    assert (hyc["zone_code"], hyc["board"], hyc["high_tech"], hyc["industries"]) == (
        "32101004",
        "star",
        "true",
        "1.2;gbt4754:35",  # the article's SEI node, and the crosswalk's division for 专用机械
    )
    assert ARTICLE in urls(hyc["source_url"]) and len(urls(hyc["source_url"])) == 3
    sciyon = by_code["002380"]
    assert sciyon["name_zh"] == "南京科远智慧科技集团股份有限公司"
    assert (sciyon["zone_code"], sciyon["board"]) == ("32101009", "szse-main")
    assert sciyon["industries"].startswith("2.1;gbt4754:")
    assert sciyon["high_tech"] == ""  # the article does not say
    assert ARTICLE in urls(sciyon["source_url"])
    zones = {z["code"]: z["name_zh"] for z in rows("zones.csv")}
    assert zones["32101009"] == "江宁经济技术开发区"


def test_policies():
    policies = rows("policies.csv")
    categories = choices("policies/models.py", "Category")
    kinds = choices("zones/models/zones.py", "Kind")
    zones = {z["code"] for z in rows("zones.csv")}
    industries = {i["code"] for i in rows("industries.csv")}
    sources = {s["url"] for s in rows("sources.csv")}
    keys = [(p["slug"], p["measure_position"]) for p in policies]
    assert len(keys) == len(set(keys))
    for measure in policies:
        assert measure["measure_category"] in categories or not measure["measure_position"]
        assert set(urls(measure["zone_kinds"])) <= kinds
        assert set(urls(measure["zone_codes"])) <= zones
        assert set(urls(measure["industries"])) <= industries
        assert set(urls(measure["source_url"])) <= sources
        assert measure["title_en"] and measure["title_zh"] or measure["slug"].startswith("2025-action")
        assert measure["measure_text"] or not measure["measure_position"]
    by_slug = Counter(p["slug"] for p in policies)
    assert by_slug == {
        "mofcom-2025-national-etdz-work-plan": 9,
        "2025-action-plan-for-high-tech-zones": 4,
        "guobanhan-2024-83": 4,
        "guofa-2019-11": 1,
        "guofa-2020-7": 1,
        "guobanfa-2017-7": 1,
        "guobanfa-2016-14": 1,
        "guokefahuo-2021-106": 1,
        "catalogue-2018-announcement": 1,
    }
    plan = [p for p in policies if p["slug"] == "mofcom-2025-national-etdz-work-plan"]
    assert all(
        p["zone_kinds"] == "etdz" and p["issued"] == "2025-05-21" and p["document_number"] == "" for p in plan
    )
    assert plan[0]["title_zh"].startswith("商务部关于印发《深化国家级经济技术开发区改革创新")
    assert all(p["measures_from_news"] == "true" for p in plan)
    action = [p for p in policies if p["slug"] == "2025-action-plan-for-high-tech-zones"]
    assert [p["measure_category"] for p in action] == ["rd-funding", "tax", "tech-transfer", "sandbox"]
    # Not found as a document: no issuer is invented, and the page says so.
    assert all(p["issuer"] == "" and p["zone_kinds"] == "high-tech" for p in action)
    assert action[0]["text_note"].startswith("Not found as a document")
    numbers = {p["document_number"] for p in policies if p["document_number"]}
    assert numbers == {
        "国办函〔2024〕83号",
        "国发〔2019〕11号",
        "国发〔2020〕7号",
        "国办发〔2017〕7号",
        "国办发〔2016〕14号",
        "国科发火〔2021〕106号",
        "国家发展改革委等六部门公告2018年第4号",
    }
    letter = [p for p in policies if p["slug"] == "guobanhan-2024-83"]
    assert all(p["document_number"] == "国办函〔2024〕83号" and p["issued"] == "2024-10-27" for p in letter)
    assert letter[0]["published"] == "2024-10-30"
    assert letter[0]["text_zh"].startswith("广东省、江西省、重庆市、辽宁省人民政府，商务部：")
    assert "四、上述国家级经济技术开发区要严格遵循国土空间规划" in letter[0]["text_zh"]
    upgraded = {z["code"] for z in rows("zones.csv") if z["status_document"] and z["level"] == "national"}
    assert {p["zone_codes"] for p in letter} == upgraded


def test_sources_are_unique_and_every_cited_url_is_listed():
    sources = rows("sources.csv")
    assert len({s["url"] for s in sources}) == len(sources) == 26
    # A few policy pages are only on plain-HTTP reposts or government mirrors.
    assert all(s["title"] and s["url"].startswith(("https://", "http://")) for s in sources)
    cited = set()
    for name, column in [
        ("zones.csv", "source_url"),
        ("industries.csv", "source_url"),
        ("statistics.csv", "source_url"),
        ("enterprises.csv", "source_url"),
        ("policies.csv", "source_url"),
    ]:
        for row in rows(name):
            cited.update(urls(row[column]))
    # Provinces and prefectures carry no source column: the NBS and cpca rows back them (see SOURCES.md).
    uncited = {s["url"] for s in sources} - cited
    assert {s["publisher"].split(";")[0] for s in sources if s["url"] in uncited} == {
        "National Bureau of Statistics of China",
        "cpca (PyPI package)",
    }


def test_derived_zone_names_match_the_naming_code():
    """Shipped English names are what atlas.naming derives today (rerun data/rebuild.py after a change)."""
    from atlas.naming import derive_english_name

    stale = [
        (zone["code"], zone["name_en"], derive_english_name(zone["name_zh"]))
        for zone in rows("zones.csv")
        if derive_english_name(zone["name_zh"]) != zone["name_en"]
    ]
    assert stale == []


def test_sector_crosswalk_is_derived_and_complete():
    """Every provider sector label is in the crosswalk; a label maps to one GB/T 4754 division, or to a
    section when it spans several divisions of one section, or to none (with a note saying why)."""
    gbt = {i["code"]: i["level"] for i in rows("industries.csv") if i["scheme"] == "gbt4754"}
    crosswalk = {r["sector_label"]: r for r in rows("crosswalk_tushare_sector_gbt4754.csv")}
    labels = {e["sector_label"] for e in rows("enterprises.csv") if e["sector_label"]}
    assert labels <= set(crosswalk)
    for label, row in crosswalk.items():
        code = row["gbt4754_code"]
        assert gbt.get(code) in {"1", "2"} or (not code and row["note"]), label
        assert gbt.get(code) != "1" or row["note"], label  # a section only, and why
    assert crosswalk["半导体"]["gbt4754_code"] == "39" and crosswalk["建筑工程"]["gbt4754_code"] == "E"
    assert crosswalk["医疗保健"]["gbt4754_code"] == ""
    # The enterprises file carries the CSRC section and the crosswalk's code, nothing else.
    pingan = next(e for e in rows("enterprises.csv") if e["stock_code"] == "000001")
    assert pingan["industries"] == "gbt4754:J;gbt4754:66"
    assert sum(1 for e in rows("enterprises.csv") if e["industries"]) == INDUSTRY_COVERAGE


INDUSTRY_COVERAGE = 5174  # of 5,418: labels with no confident code and no SZSE letter stay without
