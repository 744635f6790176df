"""Regenerate Zone Atlas's bundled data files from the collected source files.

Usage (maintainers only; nothing in the product or its tests runs this):

    python data/rebuild.py /path/to/shared/data [--out data]

The source folder is the team's collection described in its own SOURCES.md (GB/T 37028-2018 zone list,
NBS 2022 divisions, cpca coordinates, Tushare company list, GB/T 4754-2017, SEI 2018, the zh-Wikipedia
ETDZ list, the gov.cn letter 国办函〔2024〕83号 and the China Daily article of 2025-05-27).
Output: the CSVs of docs/import-formats.md plus place_names.csv for atlas.naming. See data/SOURCES.md.
The script is deterministic: running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas import naming  # noqa: E402  (needs the repo root on sys.path; no Django required)
from zones import catalogue  # noqa: E402

ACCESSED = "2026-11-29"

# ---------------------------------------------------------------------------------------------- sources
SRC_GBT37028 = (
    "https://github.com/WankkoRee/cn-adcode-efzcode/blob/11516701bef681dee57c4b6ff896c1f5c6712466/"
    "src/raw/GB_T_37028/data/GB_T%2037028-2018.json"
)
SRC_ZHWIKI = (
    "https://zh.wikipedia.org/wiki/"
    "%E5%9B%BD%E5%AE%B6%E7%BA%A7%E7%BB%8F%E6%B5%8E%E6%8A%80%E6%9C%AF%E5%BC%80%E5%8F%91%E5%8C%BA"
)
SRC_GOVCN = "https://www.gov.cn/zhengce/content/202410/content_6983864.htm"
SRC_NBS = "https://github.com/modood/Administrative-divisions-of-China/tree/57a0aa9cef47169a2eb74cf057b0245052a34e8c"
SRC_CPCA = "https://pypi.org/project/cpca/0.5.5/"


def place_sources(longitude) -> str:
    """A place's code and name come from NBS; its centre point, where it has one, from cpca."""
    return SRC_NBS + (f";{SRC_CPCA}" if longitude not in ("", None) else "")


SRC_TUSHARE = "https://github.com/ArvinLovegood/go-stock/blob/68e7b6a68c4d8a3583920f8b98cf8e6160987868/build/stock_basic.json"
SRC_GBT4754 = (
    "https://github.com/ramwin/china-public-data/blob/e13a00327443e577af8cc089239a514be2675078/"
    "%E5%9B%BD%E6%B0%91%E7%BB%8F%E6%B5%8E%E8%A1%8C%E4%B8%9A%E5%88%86%E7%B1%BB/"
    "%E5%9B%BD%E6%B0%91%E7%BB%8F%E6%B5%8E%E8%A1%8C%E4%B8%9A%E5%88%86%E7%B1%BB_2017.json"
)
SRC_SEI = "https://www.stats.gov.cn/"
SRC_CATALOGUE = (
    "https://github.com/kaiwulaw/china-industrial-zones-atlas/blob/358d79bb303c1cadbc98ef9244d5180f79184f5f/"
    "data/enriched.csv"
)
SRC_ARTICLE = "https://www.chinadaily.com.cn/"
# The sources added in 2026-12 are cited by their repository at the commit (file names in sources.csv):
# every enterprise row cites several, and full file URLs would make up a third of enterprises.csv.
SRC_SZSE = "https://github.com/marszhongx/stock-data/tree/168980f2"
SRC_ADDR2015 = "https://github.com/hoyoung2015/wfp/tree/7cf5c272"
SRC_SHENZHEN = "https://github.com/gitanamomo/listed-companies-db/tree/ecd21ed2"
SRC_TUSHARE_PROFILES = "https://github.com/yymsunday/finance_assessment/tree/82f6f351"

SOURCES = [
    {
        "url": SRC_GBT37028,
        "title": "GB/T 37028-2018 全国主要经济功能区分类与代码 (machine-readable list in cn-adcode-efzcode)",
        "publisher": "Standardization Administration of China; extracted by WankkoRee/cn-adcode-efzcode",
        "published": "2023-09-03",
        "accessed": ACCESSED,
        "licence": "Repository declares GPL-3.0 (package.json); the list is a Chinese national standard",
        "note": "All 2,606 zones of the standard (627 national, 1,979 provincial), names as of 2017/2018. "
        "The zone-to-prefecture links (types 101 and 103 outside the municipalities) are the repository "
        "author's own assignment, not part of the standard. Commit 11516701.",
    },
    {
        "url": SRC_ZHWIKI,
        "title": "国家级经济技术开发区 (zh.wikipedia, section 国家级经济技术开发区名单)",
        "publisher": "Wikipedia contributors",
        "published": "",
        "accessed": ACCESSED,
        "licence": "CC BY-SA",
        "note": "Approval year/month of 160 national ETDZs approved 1984-2014, read from a stored copy of "
        "the article (chinapedia/wikipedia.zh.mediawiki, commit 48c8ee6d). "
        "Joined to zones by exact name only.",
    },
    {
        "url": SRC_GOVCN,
        "title": "国办函〔2024〕83号 (State Council General Office letter upgrading four provincial "
        "development zones to national ETDZs)",
        "publisher": "General Office of the State Council (国务院办公厅)",
        "published": "2024-10-30",
        "accessed": ACCESSED,
        "licence": "Government document",
        "note": "Signed 2024-10-27, published 2024-10-30. "
        "Read from the big5.www.gov.cn gateway copy of this page.",
    },
    {
        "url": SRC_NBS,
        "title": "统计用区划代码 2022 (NBS administrative divisions, "
        "via modood/Administrative-divisions-of-China)",
        "publisher": "National Bureau of Statistics of China; compiled by modood",
        "published": "2022-12-29",
        "accessed": ACCESSED,
        "licence": "WTFPL (repository); the codes are NBS statistical division codes",
        "note": "Divisions as of 2022-10-31: 31 provinces, 342 prefecture-level units, "
        "2,978 county-level units.",
    },
    {
        "url": SRC_CPCA,
        "title": "cpca 0.5.5, cpca/resources/adcodes.csv (centre coordinates of administrative divisions)",
        "publisher": "cpca (PyPI package)",
        "published": "",
        "accessed": ACCESSED,
        "licence": "MIT",
        "note": "Centre points of provinces, prefectures and counties; older vintage than NBS 2022 and "
        "probably GCJ-02 rather than WGS84. Used for approximate map positions only.",
    },
    {
        "url": SRC_TUSHARE,
        "title": "A-share listed companies (Tushare Pro stock_basic, saved in ArvinLovegood/go-stock)",
        "publisher": "Tushare Pro; saved by ArvinLovegood/go-stock",
        "published": "2025-06-18",
        "accessed": ACCESSED,
        "licence": "Repository Apache-2.0; Tushare Pro terms of use may apply to the data",
        "note": "All 5,418 A-share companies listed as of mid-June 2025 (latest listing 2025-06-12).",
    },
    {
        "url": SRC_GBT4754,
        "title": "GB/T 4754-2017 国民经济行业分类 (via ramwin/china-public-data)",
        "publisher": "National Bureau of Statistics / SAC; compiled by ramwin",
        "published": "2018-08-31",
        "accessed": ACCESSED,
        "licence": "Repository GPL-3.0; the content is a Chinese national standard",
        "note": "20 sections, 97 divisions, 473 groups, 1,381 classes (Chinese names only). Four names "
        "truncated in the source were completed (see data/SOURCES.md).",
    },
    {
        "url": SRC_SEI,
        "title": "战略性新兴产业分类（2018） Strategic Emerging Industries Classification (2018)",
        "publisher": "National Bureau of Statistics of China",
        "published": "",
        "accessed": ACCESSED,
        "licence": "Government statistical standard",
        "note": "The 9 areas and 40 categories were read from an SQL dump in a public repository that our "
        "search index holds without naming it; the 9 area names match the NBS announcement. The exact "
        "NBS page URL was not in the stored material, so this row points to the NBS site.",
    },
    {
        "url": SRC_ARTICLE,
        "title": "China Daily, 2025-05-27: China's economic development zones accelerate innovation "
        "with new high-tech policy drive",
        "publisher": "China Daily",
        "published": "2025-05-27",
        "accessed": ACCESSED,
        "licence": "Copyright China Daily; only facts are used, paraphrased",
        "note": "The stored copy of the article does not carry its own URL, so this row points to the "
        "China Daily site; search for the title to find the article.",
    },
    {
        "url": SRC_CATALOGUE,
        "title": "中国开发区审核公告目录（2018年版） (2018 catalogue of approved development zones)",
        "publisher": "NDRC, MOST, MLR, MOHURD, MOFCOM, GACC; "
        "extracted by kaiwulaw/china-industrial-zones-atlas",
        "published": "2018-02-26",
        "accessed": ACCESSED,
        "licence": "Repository declares none; the content is an official government catalogue",
        "note": "All 2,543 approved zones as of early 2018: catalogue code, approval month, approved area "
        "(ha), leading industries as worded in the catalogue. The point (WGS84) is the repository's map "
        "geocode; Zone Atlas shows it only where its quality flags are clear and the match is finer than "
        "a county. Commit 358d79bb.",
    },
    {
        "url": SRC_SZSE,
        "title": "深圳证券交易所 上市公司列表 (SZSE listed-company list, downloaded 2025-10-22)",
        "publisher": "Shenzhen Stock Exchange; saved by marszhongx/stock-data",
        "published": "2025-10-22",
        "accessed": ACCESSED,
        "licence": "Exchange publication; repository declares none",
        "note": "File A股列表.xlsx: registered address, CSRC industry and website of the 2,875 SZSE A-share "
        "companies. Commit 168980f2f8d3b1700c4c2f47893d3f9b5e4e2c21.",
    },
    {
        "url": SRC_ADDR2015,
        "title": "A-share company information of about 2015 (hoyoung2015/wfp, data/company_info.csv)",
        "publisher": "hoyoung2015/wfp",
        "published": "2015-12-31",
        "accessed": ACCESSED,
        "licence": "Repository declares none",
        "note": "Registered and office addresses of 2,814 companies of both exchanges, as of about 2015: "
        "addresses may have changed since. The only source here of SSE addresses. "
        "File data/company_info.csv, commit 7cf5c2723a2321a2044307cc6c63b002c2af5ea3.",
    },
    {
        "url": SRC_SHENZHEN,
        "title": "深圳辖区上市公司名录 (listed companies domiciled in Shenzhen, 2026-03, a Wind export)",
        "publisher": "gitanamomo/listed-companies-db",
        "published": "2026-03-01",
        "accessed": ACCESSED,
        "licence": "Repository declares none",
        "note": "Unified social credit codes, registered and office addresses of 427 companies registered "
        "in Shenzhen. Commit ecd21ed2f0e5dbb5ebd262a0d5d6fec3fa7d1d8b.",
    },
    {
        "url": SRC_TUSHARE_PROFILES,
        "title": "Tushare stock_company results (上市公司基本信息, yymsunday/finance_assessment)",
        "publisher": "Tushare; saved by yymsunday/finance_assessment",
        "published": "2026-01-01",
        "accessed": ACCESSED,
        "licence": "CC0 1.0 (repository LICENSE)",
        "note": "Prefecture city, introduction, main business, employees and registered capital (10,000 "
        "yuan) of every listed company. File 上市公司基本信息.xlsx, commit "
        "82f6f3519faac2834367621623963e3348d42680.",
    },
]

# -------------------------------------------------------------------------------------------- helpers


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(out: Path, name: str, columns: list[str], rows: list[dict]) -> None:
    with (out / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    print(f"{name}: {len(rows)} rows")


def fmt(value: float | str) -> str:
    return "" if value in ("", None) else f"{float(value):.6f}".rstrip("0").rstrip(".")


def true(flag: bool) -> str:
    return "true" if flag else "false"


# ------------------------------------------------------------------------------------------ places


def build_places(src: Path, out: Path):
    coords = {}
    cpca_rows = read(src, "admin_adcodes_coords_cpca.csv")
    for row in cpca_rows:
        if row["longitude"] and row["latitude"]:
            coords[row["adcode"]] = (row["longitude"], row["latitude"])

    provinces = []
    province_names = {}
    for row in read(src, "admin_provinces_nbs2022.csv"):
        english = naming.province_english_name(row["name"])
        lon, lat = coords.get(row["code"] + "0" * 10, ("", ""))
        province_names[row["code"]] = (row["name"], english)
        provinces.append(
            {
                "code": row["code"],
                "name_zh": row["name"],
                "name_en": english,
                "slug": naming.derive_slug(english.split(" (")[0]),
                "longitude": fmt(lon),
                "latitude": fmt(lat),
                "source_url": place_sources(lon),
            }
        )
    write(
        out,
        "provinces.csv",
        ["code", "name_zh", "name_en", "slug", "longitude", "latitude", "source_url"],
        provinces,
    )

    # NBS lists municipalities' districts and counties, and counties run directly by a province, as
    # pseudo-prefectures; they get a descriptive English name instead of the pinyin of 市辖区.
    pseudo = {
        "市辖区": "{} (districts)",
        "县": "{} (counties)",
        "省直辖县级行政区划": "{} (county-level units under the province)",
        "自治区直辖县级行政区划": "{} (county-level units under the region)",
    }
    # cpca predates some NBS 2022 codes (那曲地区 542400 became 那曲市 5406): fall back to the same
    # name within the same province.
    coords_by_name = {}
    for adcode, point in coords.items():
        if adcode.endswith("00000000") and not adcode.endswith("0000000000"):
            cpca_name = next(r["name"] for r in cpca_rows if r["adcode"] == adcode)
            coords_by_name[(adcode[:2], naming.strip_admin_suffix(cpca_name))] = point
    prefectures = []
    for row in read(src, "admin_cities_nbs2022.csv"):
        name = row["name"]
        province_en = province_names[row["provinceCode"]][1].split(" (")[0]
        english = pseudo[name].format(province_en) if name in pseudo else naming.place_english_name(name)
        lon, lat = coords.get(row["code"] + "0" * 8) or coords_by_name.get(
            (row["provinceCode"], naming.strip_admin_suffix(name)), ("", "")
        )
        prefectures.append(
            {
                "code": row["code"],
                "province": row["provinceCode"],
                "name_zh": name,
                "name_en": english,
                "longitude": fmt(lon),
                "latitude": fmt(lat),
                "source_url": place_sources(lon),
            }
        )
    write(
        out,
        "prefectures.csv",
        ["code", "province", "name_zh", "name_en", "longitude", "latitude", "source_url"],
        prefectures,
    )

    # Place words for atlas.naming: real prefectures and counties (not NBS pseudo-units such as
    # 市辖区 or the xxxx7x statistical "counties", which are themselves development zones).
    entries = [
        (r["code"], r["name"]) for r in read(src, "admin_cities_nbs2022.csv") if r["name"] not in pseudo
    ]
    entries += [
        (r["code"], r["name"])
        for r in read(src, "admin_areas_nbs2022.csv")
        if r["code"][4] != "7" and r["name"] != "市辖区"
    ]
    place_rows = {}
    for code, name in entries:
        english = naming.place_english_name(name)
        for key in (name, naming.strip_admin_suffix(name)):
            if key.endswith("新区") and key != naming.strip_admin_suffix(name):
                continue  # keep 新区 translatable as "New Area"
            place_rows.setdefault(key, {"name_zh": key, "name_en": english, "code": code})
    write(out, "place_names.csv", ["name_zh", "name_en", "code"], list(place_rows.values()))
    naming.use_place_names_file(out / "place_names.csv")
    return provinces, prefectures


# -------------------------------------------------------------------------------------- industries

SEI_EN = {
    "1": "Next-generation information technology",
    "1.1": "Next-generation information networks",
    "1.2": "Electronic core industry",
    "1.3": "Emerging software and new information technology services",
    "1.4": "Internet, cloud computing and big data services",
    "1.5": "Artificial intelligence",
    "2": "High-end equipment manufacturing",
    "2.1": "Intelligent manufacturing equipment",
    "2.2": "Aviation equipment",
    "2.3": "Satellites and satellite applications",
    "2.4": "Rail transit equipment",
    "2.5": "Marine engineering equipment",
    "3": "New materials",
    "3.1": "Advanced steel materials",
    "3.2": "Advanced non-ferrous metal materials",
    "3.3": "Advanced petrochemical and chemical new materials",
    "3.4": "Advanced inorganic non-metallic materials",
    "3.5": "High-performance fibres, fibre products and composites",
    "3.6": "Frontier new materials",
    "3.7": "New-material-related services",
    "4": "Biotechnology",
    "4.1": "Biopharmaceuticals",
    "4.2": "Biomedical engineering",
    "4.3": "Bio-agriculture and related industries",
    "4.4": "Biomass energy",
    "4.5": "Other bio-industries",
    "5": "New energy vehicles",
    "5.1": "New energy vehicle manufacturing",
    "5.2": "New energy vehicle devices and parts manufacturing",
    "5.3": "New energy vehicle facility manufacturing",
    "5.4": "New energy vehicle related services",
    "6": "New energy",
    "6.1": "Nuclear power",
    "6.2": "Wind energy",
    "6.3": "Solar energy",
    "6.4": "Biomass and other new energy",
    "6.5": "Smart grid",
    "7": "Energy conservation and environmental protection",
    "7.1": "High-efficiency energy conservation",
    "7.2": "Advanced environmental protection",
    "7.3": "Resource recycling",
    "8": "Digital creative industry",
    "8.1": "Digital creative technology equipment manufacturing",
    "8.2": "Digital cultural and creative activities",
    "8.3": "Design services",
    "8.4": "Digital creative and integration services",
    "9": "Related services",
    "9.1": "New technology, innovation and entrepreneurship services",
    "9.2": "Other related services",
}

# Sections and divisions of GB/T 4754-2017 translated from their Chinese names (our translation,
# marked derived). Groups and classes stay without an English name rather than be guessed.
GBT4754_EN = {
    "A": "Agriculture, forestry, animal husbandry and fishery",
    "01": "Agriculture",
    "02": "Forestry",
    "03": "Animal husbandry",
    "04": "Fishery",
    "05": "Professional and support activities for agriculture, forestry, animal husbandry and fishery",
    "B": "Mining",
    "06": "Coal mining and washing",
    "07": "Extraction of petroleum and natural gas",
    "08": "Mining and processing of ferrous metal ores",
    "09": "Mining and processing of non-ferrous metal ores",
    "10": "Mining and processing of non-metallic ores",
    "11": "Professional and support activities for mining",
    "12": "Other mining",
    "C": "Manufacturing",
    "13": "Processing of agricultural and sideline food products",
    "14": "Food manufacturing",
    "15": "Manufacture of liquor, beverages and refined tea",
    "16": "Manufacture of tobacco products",
    "17": "Manufacture of textiles",
    "18": "Manufacture of textile garments and apparel",
    "19": "Manufacture of leather, fur, feathers and related products, and footwear",
    "20": "Processing of timber and manufacture of wood, bamboo, rattan, palm and straw products",
    "21": "Manufacture of furniture",
    "22": "Manufacture of paper and paper products",
    "23": "Printing and reproduction of recording media",
    "24": "Manufacture of articles for culture, education, arts and crafts, sport and entertainment",
    "25": "Processing of petroleum, coal and other fuels",
    "26": "Manufacture of chemical raw materials and chemical products",
    "27": "Manufacture of medicines",
    "28": "Manufacture of chemical fibres",
    "29": "Manufacture of rubber and plastic products",
    "30": "Manufacture of non-metallic mineral products",
    "31": "Smelting and pressing of ferrous metals",
    "32": "Smelting and pressing of non-ferrous metals",
    "33": "Manufacture of metal products",
    "34": "Manufacture of general-purpose machinery",
    "35": "Manufacture of special-purpose machinery",
    "36": "Manufacture of automobiles",
    "37": "Manufacture of railway, ship, aerospace and other transport equipment",
    "38": "Manufacture of electrical machinery and equipment",
    "39": "Manufacture of computers, communication and other electronic equipment",
    "40": "Manufacture of measuring instruments and meters",
    "41": "Other manufacturing",
    "42": "Comprehensive utilisation of waste resources",
    "43": "Repair of metal products, machinery and equipment",
    "D": "Production and supply of electricity, heat, gas and water",
    "44": "Production and supply of electricity and heat",
    "45": "Production and supply of gas",
    "46": "Production and supply of water",
    "E": "Construction",
    "47": "Building construction",
    "48": "Civil engineering construction",
    "49": "Construction installation",
    "50": "Building decoration, renovation and other construction",
    "F": "Wholesale and retail trade",
    "51": "Wholesale trade",
    "52": "Retail trade",
    "G": "Transport, storage and postal services",
    "53": "Railway transport",
    "54": "Road transport",
    "55": "Water transport",
    "56": "Air transport",
    "57": "Pipeline transport",
    "58": "Multimodal transport and transport agency",
    "59": "Loading, unloading, handling and warehousing",
    "60": "Postal services",
    "H": "Accommodation and catering",
    "61": "Accommodation",
    "62": "Catering",
    "I": "Information transmission, software and information technology services",
    "63": "Telecommunications, radio and television, and satellite transmission services",
    "64": "Internet and related services",
    "65": "Software and information technology services",
    "J": "Finance",
    "66": "Monetary and financial services",
    "67": "Capital market services",
    "68": "Insurance",
    "69": "Other financial services",
    "K": "Real estate",
    "70": "Real estate",
    "L": "Leasing and business services",
    "71": "Leasing",
    "72": "Business services",
    "M": "Scientific research and technical services",
    "73": "Research and experimental development",
    "74": "Professional technical services",
    "75": "Technology promotion and application services",
    "N": "Management of water conservancy, environment and public facilities",
    "76": "Water conservancy management",
    "77": "Ecological protection and environmental governance",
    "78": "Management of public facilities",
    "79": "Land management",
    "O": "Resident services, repair and other services",
    "80": "Resident services",
    "81": "Repair of motor vehicles, electronic products and household goods",
    "82": "Other services",
    "P": "Education",
    "83": "Education",
    "Q": "Health and social work",
    "84": "Health",
    "85": "Social work",
    "R": "Culture, sports and entertainment",
    "86": "News and publishing",
    "87": "Radio, television, film and sound recording production",
    "88": "Culture and art",
    "89": "Sports",
    "90": "Entertainment",
    "S": "Public administration, social security and social organisations",
    "91": "Organs of the Communist Party of China",
    "92": "State organs",
    "93": "CPPCC and democratic parties",
    "94": "Social security",
    "95": "Mass organisations, social organisations and other membership organisations",
    "96": "Grassroots self-governing mass organisations and other organisations",
    "T": "International organisations",
    "97": "International organisations",
}

# Names cut short in the source (PDF extraction); completed from the standard's own wording.
GBT4754_FIXES = {
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "354": "印刷、制药、日化及日用品生产专用设备制造",
    "359": "环保、邮政、社会公共服务及其他专用设备制造",
    "3531": "食品、酒、饮料及茶生产专用设备制造",
}


def build_industries(src: Path, out: Path):
    rows = []
    for row in read(src, "strategic_emerging_industries_2018_l2.csv"):
        # The source gives 新能源产业 (id 600) itself as its parent; a top-level area has none.
        parent = "" if row["level"] == "1" else row["parent_code"]
        assert row["code"] in SEI_EN, row
        rows.append(
            {
                "scheme": "sei2018",
                "code": row["code"],
                "name_zh": row["name"].strip(),
                "name_en": SEI_EN[row["code"]],
                "name_en_derived": "true",
                "parent_code": parent,
                "level": row["level"],
                "source_url": SRC_SEI,
            }
        )
    for row in read(src, "gbt4754_2017_industry_classification.csv"):
        english = GBT4754_EN.get(row["code"], "")
        rows.append(
            {
                "scheme": "gbt4754",
                "code": row["code"],
                "name_zh": GBT4754_FIXES.get(row["code"], row["name"]),
                "name_en": english,
                "name_en_derived": "true" if english else "",
                "parent_code": row["parent_code"],
                "level": row["level"],
                "source_url": SRC_GBT4754,
            }
        )
    columns = [
        "scheme",
        "code",
        "name_zh",
        "name_en",
        "name_en_derived",
        "parent_code",
        "level",
        "source_url",
    ]
    write(out, "industries.csv", columns, rows)
    return rows


# ------------------------------------------------------------------------------------------- zones

KIND_BY_TYPE = {
    "101": "etdz",
    "102": "new-area",
    "103": "high-tech",
    "104": "customs",
    "105": "border",
    "106": "cross-border",
    "107": "innovation",
    "108": "pilot",
    "109": "inland-open",
    "110": "ftz",
    "111": "sustainable",
    "199": "other-national",
    "201": "provincial",
    "202": "provincial-high-tech",
    "299": "other-provincial",
}

# The registry names of the four zones 国办函〔2024〕83号 upgraded (the letter's former names, checked
# against the GB/T 37028 list: each occurs there exactly once, spelled as in the letter).
UPGRADE_FORMER_CODES = {
    "广州花都经济开发区": "44201009",
    "江西贵溪经济开发区": "36201004",
    "重庆涪陵工业园区": "50299014",
    "沈阳金融商贸开发区": "21299001",
}

ZONE_COLUMNS = [
    "code",
    "name_zh",
    "short_name",
    "name_en",
    "name_en_derived",
    "kind",
    "level",
    "province",
    "prefecture",
    "approved",
    "longitude",
    "latitude",
    "location_approximate",
    "location_basis",
    "catalogue_code",
    "catalogue_approved",
    "area_ha",
    "area_km2",
    "leading_industries",
    "industries",
    "description",
    "status",
    "former_name",
    "status_document",
    "status_date",
    "source_url",
]


def wiki_date(text: str) -> str:
    """'1984.09' → '1984-09', '2013.5' → '2013-05', '2012.10.13' → '2012-10-13', '1993' → '1993'."""
    parts = text.strip().split(".")
    return "-".join([parts[0]] + [part.zfill(2) for part in parts[1:]])


def read_industry_crosswalk() -> dict[str, str]:
    """data/crosswalk_catalogue_industry.csv: the catalogue's industry words → an industry code in the
    import format (1.2 for SEI 2018, gbt4754:39 for GB/T 4754), or nothing when no match is confident."""
    rows = read(ROOT / "data", "crosswalk_catalogue_industry.csv")
    return {
        r["word"]: (r["code"] if r["scheme"] == "sei2018" else f"gbt4754:{r['code']}")
        for r in rows
        if r["code"]
    }


INDUSTRY_CROSSWALK: dict[str, str] = {}


def industry_links(words: list[str]) -> list[str]:
    """The industries a zone's leading-industry words link to, in the words' order, without repeats."""
    if not INDUSTRY_CROSSWALK:
        INDUSTRY_CROSSWALK.update(read_industry_crosswalk())
    return list(dict.fromkeys(INDUSTRY_CROSSWALK[w] for w in words if w in INDUSTRY_CROSSWALK))


def read_county_points(src: Path) -> dict[str, tuple[str, str]]:
    """County code (6 digits) → cpca centre point; also (province code, county name) → point."""
    points: dict = {}
    names: dict = defaultdict(list)
    for row in read(src, "admin_adcodes_coords_cpca.csv"):
        adcode = row["adcode"]
        if row["longitude"] and adcode.endswith("000000") and not adcode.endswith("00000000"):
            point = (fmt(row["longitude"]), fmt(row["latitude"]))
            points[adcode[:6]] = point
            for key in {row["name"], naming.strip_admin_suffix(row["name"])}:
                names[(adcode[:2], key)].append(point)
    # Also keyed by (province, county name or stem) where that names exactly one county.
    points.update({key: found[0] for key, found in names.items() if len(found) == 1})
    return points


def catalogue_fields(entry: dict, province_name: str, county_at, province_code: str) -> dict:
    """A zone's columns from its 2018 catalogue row; the point only where the catalogue's flags allow it."""
    months = catalogue.parse_month(entry["批准时间"])
    area = entry["核准面积_公顷"]
    fields = {
        "catalogue_code": entry["代码"],
        "catalogue_approved": "/".join(months) if len(months) > 1 else "",
        "_approved": months[0] if months else "",
        "area_ha": area,
        "area_km2": f"{float(area) / 100:.2f}" if area else "",
        "leading_industries": ";".join(catalogue.split_industries(entry["主导产业"])),
        "industries": ";".join(industry_links(catalogue.split_industries(entry["主导产业"]))),
    }
    basis = catalogue.point_basis(entry, province_name)
    if basis:
        fields.update(
            longitude=fmt(entry["经度_WGS84"]),
            latitude=fmt(entry["纬度_WGS84"]),
            location_approximate=true(basis != "catalogue"),
            location_basis=basis,
        )
    else:
        # The catalogue's name stem (城市/区县) naming exactly one county of the zone's province.
        stem = entry["城市/区县"].strip()
        found = county_at.get((province_code, stem)) or county_at.get(
            (province_code, stem.removeprefix(naming.strip_admin_suffix(province_name)))
        )
        if found:
            fields.update(longitude=found[0], latitude=found[1], location_basis="county")
    return fields


def write_match_report(out: Path, matches, unmatched_registry) -> None:
    """data/catalogue_match_report.csv: every catalogue row not matched with certainty, every GB/T 37028
    zone no catalogue row matched, and every match made on a normalised name (so a reader can check it)."""
    rows = []
    for m in matches:
        if m.status == "matched" and m.method == "exact":
            continue
        rows.append(
            {
                "side": "catalogue",
                "code": m.catalogue["代码"],
                "name": m.catalogue["开发区名称"],
                "province": m.catalogue["省份"],
                "status": m.status if m.status != "matched" else "matched-normalised",
                "matched_code": m.zone["efz_code"] if m.zone else "",
                "candidates": "; ".join(m.candidates),
                "note": m.note
                or (f"matched {m.zone['name']} (GB/T 37028 spelling) after normalising" if m.zone else ""),
            }
        )
    for zone in unmatched_registry:
        rows.append(
            {
                "side": "gbt37028",
                "code": zone["efz_code"],
                "name": zone["name"],
                "province": zone["province_name"],
                "status": "unmatched",
                "matched_code": "",
                "candidates": "",
                "note": zone["note"],
            }
        )
    columns = ["side", "code", "name", "province", "status", "matched_code", "candidates", "note"]
    write(out, "catalogue_match_report.csv", columns, rows)


def build_zones(src: Path, out: Path, provinces, prefectures):
    province_at = {p["code"]: (p["longitude"], p["latitude"]) for p in provinces}
    prefecture_at = {p["code"]: (p["longitude"], p["latitude"]) for p in prefectures}
    wiki = {
        row["name_as_listed"]: wiki_date(row["approval_as_listed"])
        for row in read(src, "etdz_approval_dates_zhwiki.csv")
    }
    registry = read(src, "dev_zones_gbt37028_2018.csv")
    upgrades = read(src, "etdz_upgrades_2024_govcn.csv")
    upgrade_by_code = {UPGRADE_FORMER_CODES[u["former_name"]]: u for u in upgrades}

    def place(province: str, prefecture: str):
        lon, lat = prefecture_at.get(prefecture, ("", ""))
        if not lon:
            lon, lat = province_at[province]
        return lon, lat

    catalogue_rows = read(src, "devzone_catalog_2018.csv")
    province_codes = {p["name_zh"]: p["code"] for p in provinces}
    matches = catalogue.match_catalogue(catalogue_rows, registry, province_codes)
    by_zone = {m.zone["efz_code"]: m.catalogue for m in matches if m.zone}
    county_at = read_county_points(src)
    write_match_report(out, matches, catalogue.unmatched_registry(matches, registry))

    rows = []
    for row in registry:
        code = row["efz_code"]
        prefecture = row["prefecture_code"]
        lon, lat = place(row["province_code"], prefecture)
        entry = by_zone.get(code)
        approved = wiki.get(row["name"], "")
        sources = [SRC_GBT37028] + ([SRC_ZHWIKI] if approved else [])
        basis = "prefecture" if prefecture_at.get(prefecture, ("",))[0] else "province"
        if row["county_code"] in county_at:
            (lon, lat), basis = county_at[row["county_code"]], "county"
        zone = {
            "code": code,
            "name_zh": row["name"],
            "short_name": row["short_name"],
            "name_en": naming.derive_english_name(row["name"]),
            "name_en_derived": "true",
            "kind": KIND_BY_TYPE[row["type_code"]],
            "level": row["level"],
            "province": row["province_code"],
            "prefecture": prefecture,
            "approved": approved,
            "longitude": lon,
            "latitude": lat,
            "location_approximate": "true",
            "location_basis": basis,
            "status": "active",
        }
        if entry:
            zone.update(catalogue_fields(entry, row["province_name"], county_at, row["province_code"]))
            zone["approved"] = zone.pop("_approved") or approved
            if zone["approved"] != approved and SRC_ZHWIKI in sources:
                sources.remove(SRC_ZHWIKI)  # the catalogue's date is the one shown
            sources.append(SRC_CATALOGUE)
        if code in upgrade_by_code:
            letter = upgrade_by_code[code]
            zone.update(
                status="upgraded",
                status_document=letter["document_no"],
                status_date=letter["date_signed"],
                description=f"Upgraded to the national {letter['name']} by {letter['document_no']} "
                f"(signed {letter['date_signed']}); the national zone is listed under its own code.",
            )
            sources.append(SRC_GOVCN)
        zone["source_url"] = ";".join(sources)
        rows.append(zone)

    # The upgraded zones as national ETDZs: a code in the GB/T 37028 format (province + 101 + the next
    # free sequence number of that province), assigned by Zone Atlas because the standard predates them.
    used = Counter()
    for row in registry:
        if row["type_code"] == "101":
            used[row["province_code"]] = max(used[row["province_code"]], int(row["seq"]))
    former_rows = {r["code"]: r for r in rows}
    for letter in upgrades:
        old = former_rows[UPGRADE_FORMER_CODES[letter["former_name"]]]
        province = old["province"]
        used[province] += 1
        code = f"{province}101{used[province]:03d}"
        rows.append(
            {
                "code": code,
                "name_zh": letter["name"],
                "name_en": naming.derive_english_name(letter["name"]),
                "name_en_derived": "true",
                "kind": "etdz",
                "level": "national",
                "province": province,
                "prefecture": old["prefecture"],
                "approved": letter["date_signed"],
                "longitude": old["longitude"],
                "latitude": old["latitude"],
                "location_approximate": old["location_approximate"],
                "location_basis": old["location_basis"],
                "description": f"Upgraded from the provincial {old['name_zh']} ({old['code']}) by "
                f"{letter['document_no']}. The code {code} was assigned by Zone Atlas in the GB/T 37028 "
                "format (province + 101 + next free number); it is not part of the standard.",
                "status": "active",
                "former_name": letter["former_name"],
                "status_document": letter["document_no"],
                "status_date": letter["date_signed"],
                "source_url": SRC_GOVCN,
            }
        )
    # Catalogue zones that resemble no GB/T 37028 zone at all become zones of their own, with a code in
    # the GB/T 37028 format assigned by Zone Atlas (province + type + next free number).
    seq = Counter()
    for row in registry:
        key = (row["province_code"], row["type_code"])
        seq[key] = max(seq[key], int(row["seq"]))
    for match in matches:
        if match.status != "unmatched":
            continue
        entry = match.catalogue
        province = province_codes[entry["省份"]]
        type_code = catalogue.CATALOGUE_TYPES[entry["代码"][3]][0]
        seq[(province, type_code)] += 1
        code = f"{province}{type_code}{seq[(province, type_code)]:03d}"
        lon, lat = province_at[province]
        zone = {
            "code": code,
            "name_zh": entry["开发区名称"],
            "name_en": naming.derive_english_name(entry["开发区名称"]),
            "name_en_derived": "true",
            "kind": KIND_BY_TYPE[type_code],
            "level": "national" if entry["批准级别"] == "国务院" else "provincial",
            "province": province,
            "longitude": lon,
            "latitude": lat,
            "location_approximate": "true",
            "location_basis": "province",
            "description": f"Listed in the 2018 catalogue ({entry['代码']}) but not in GB/T 37028-2018. The "
            f"code {code} was assigned by Zone Atlas in the GB/T 37028 format; it is not part of the "
            "standard.",
            "status": "active",
            "source_url": SRC_CATALOGUE,
        }
        zone.update(catalogue_fields(entry, entry["省份"], county_at, province))
        zone["approved"] = zone.pop("_approved")
        rows.append(zone)
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate zone code"
    write(out, "zones.csv", ZONE_COLUMNS, rows)
    return rows


# -------------------------------------------------------------------------------------- statistics


RANK_SCOPE = {"yes": "complete list", "top10_only": "top 10 only", "partial": "partial list"}
RANK_SOURCES = {
    "https://ttpaihang.com/news/daynews/2022/22022150304.htm": ("ttpaihang.com (news repost)", "2022-02-15"),
    "https://toutiao.com/topic/7456919992181819428": ("toutiao.com (news repost)", ""),
    "http://big5.xinhuanet.com/gate/big5/www.js.xinhuanet.com/2019-01/02/c_1123938419.htm": (
        "Xinhua Jiangsu (news report)",
        "2019-01-02",
    ),
    "https://js.cri.cn/2023-12-28/6e74b7c7-60a1-53e4-c9b2-87abe6e78adf.html": (
        "CRI Jiangsu (news report)",
        "2023-12-28",
    ),
    "https://gz.focus.cn/zixun/055b04873e4c896d.html": ("focus.cn (repost of Southern Daily)", "2018-05-16"),
}


def ranking_rows(src: Path, zones) -> tuple[list[dict], list[dict]]:
    """MOFCOM's yearly evaluation ranks of national ETDZs, as news reposts report them: one statistic per
    zone and assessment year (value = rank, qualifier = how complete the reported list is, unit = the data
    year). A rank whose report has no address cannot be cited and is left out (one row, 2024)."""
    by_name = {z["name_zh"]: z["code"] for z in zones}
    stats, notes = [], {}
    for row in read(src, "etdz_rankings_mofcom_partial.csv"):
        if not row["source_url"]:
            continue
        name = row["zone_name"]
        code = by_name.get(name) or by_name.get(name.removeprefix("上海"))
        assert code, name
        notes.setdefault(row["source_url"], row["source_note"])
        stats.append(
            {
                "zone_code": code,
                "year": row["assessment_year"],
                "indicator": "mofcom_rank",
                "value": row["rank"],
                "unit": f"{row['data_year']} data",
                "qualifier": RANK_SCOPE[row["complete_list"]],
                "source_url": row["source_url"],
            }
        )
    sources = [
        {
            "url": url,
            "title": f"MOFCOM evaluation of national ETDZs as reported: {notes.get(url) or publisher}",
            "publisher": publisher,
            "published": published,
            "accessed": ACCESSED,
            "licence": "News report; only the ranks (facts) are used",
            "note": "Not an official MOFCOM file: the ranks are as this report or repost gives them.",
        }
        for url, (publisher, published) in RANK_SOURCES.items()
    ]
    return stats, sources


def build_statistics(out: Path, rankings: list[dict] = ()):
    figures = [
        ("zone_count", "232", "zones", ""),
        ("gdp", "16.9", "trillion yuan", "about"),
        ("high_tech_enterprises", "85000", "enterprises", "more than"),
        ("high_tech_share", "18", "%", "more than"),
        ("foreign_trade_share", "25", "%", "nearly"),
        ("fdi_share", "25", "%", "nearly"),
    ]
    rows = [
        {
            "zone_code": "",
            "year": "2024",
            "indicator": indicator,
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "source_url": SRC_ARTICLE,
        }
        for indicator, value, unit, qualifier in figures
    ] + list(rankings)
    write(
        out,
        "statistics.csv",
        ["zone_code", "year", "indicator", "value", "unit", "qualifier", "source_url"],
        rows,
    )


# ------------------------------------------------------------------------------------- enterprises

BOARDS = {
    ("主板", "SSE"): "sse-main",
    ("主板", "SZSE"): "szse-main",
    ("创业板", "SZSE"): "chinext",
    ("科创板", "SSE"): "star",
    ("北交所", "BSE"): "bse",
}

# Tushare's `area` is a province-level region in its own spelling; 深圳 is listed apart from 广东.
AREA_ALIASES = {"深圳": "44", "内蒙": "15"}

# Zone links and facts that a source states (the China Daily article of 2025-05-27), in our words.
ARTICLE_FACTS = {
    "688001": {
        "zone_code": "32101004",
        "high_tech": "true",
        "industries": "1.2",
        "description": "Maker of test equipment for flat panel displays and semiconductors based in Suzhou "
        "Industrial Park. It began as a repair business, invests steadily in R&D, is recognised as a "
        "national high-tech enterprise and was among the first companies listed on the STAR Market.",
    },
    "002380": {
        "zone_code": "32101009",
        "industries": "2.1",
        "description": "Automation and industrial software group in the Jiangning economic development zone, "
        "Nanjing. It runs a smart factory built to Industry 4.0 principles for customised products and "
        "plans more research on industrial AI to help other firms move from digitisation to intelligent "
        "manufacturing.",
    },
}

ENTERPRISE_COLUMNS = [
    "name_zh",
    "short_name",
    "name_en",
    "credit_code",
    "stock_code",
    "board",
    "zone_code",
    "province",
    "prefecture",
    "address",
    "address_source",
    "address_year",
    "office_address",
    "industries",
    "sector_label",
    "listed",
    "high_tech",
    "website",
    "employees",
    "registered_capital",
    "main_business",
    "introduction",
    "description",
    "source_url",
]
# Introductions and main business are cut at a sentence end near this many characters (else at the
# limit, with "…"): the full texts would make enterprises.csv six times larger; the page cites the source.
INTRODUCTION_LENGTH = 80
MAIN_BUSINESS_LENGTH = 120
# CSRC industry letters are GB/T 4754 sections, except S (综合, conglomerates), which GB/T 4754 lacks.
CSRC_NOT_GBT = {"S"}


def clean_website(raw: str) -> str:
    raw = raw.strip().split(";")[0].split("；")[0].split(",")[0].strip()
    if not raw or raw in ("-", "--") or " " in raw or "." not in raw:
        return ""
    return raw if raw.startswith(("http://", "https://")) else f"http://{raw}"


def shorten(text: str, limit: int = INTRODUCTION_LENGTH) -> str:
    """The text up to the first sentence end after `limit` characters (all of it when shorter)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    for end in range(limit, min(len(text), limit + limit // 2)):
        if text[end] in "。；;":
            return text[: end + 1] + "…"
    return text[:limit] + "…"


def read_profiles(src: Path):
    """Per stock code: the newest registered address with its source and vintage, office address,
    website and credit code from the address sources; the Tushare profile (CC0) of every company."""
    address: dict[str, dict] = {}

    def offer(code, reg, office, site, source, year, credit=""):
        reg = " ".join(reg.split())
        if "?" in reg:
            reg = ""  # garbled characters in the 2015 file: no address rather than a wrong one
        known = address.setdefault(code, {})
        if reg and not known.get("address"):
            known.update(address=reg, address_source=source, address_year=year)
        if office and not known.get("office_address") and "?" not in office:
            known["office_address"] = " ".join(office.split(",")[0].split())
        if site and not known.get("website"):
            known["website"] = clean_website(site)
        if credit and not known.get("credit_code"):
            known["credit_code"] = credit.strip()

    # Newest first: the first source to give a value wins.
    for row in read(src, "listed_shenzhen_domiciled_2026-03.csv"):
        offer(
            row["证券代码"][:6],
            row["注册地址"],
            row["办公地址"],
            row["公司网站"],
            SRC_SHENZHEN,
            "2026",
            row["统一社会信用代码"],
        )
    csrc = {}
    for row in read(src, "listed_szse_company_list_2025-10.csv"):
        offer(row["A股代码"], row["注册地址"], "", row["公司网址"], SRC_SZSE, "2025")
        csrc[row["A股代码"]] = row["所属行业"].strip()[:1]
    for row in read(src, "listed_company_addresses_2015.csv"):
        offer(row["stock_code"], row["addr_reg"], row["addr_work"], row["web_site"], SRC_ADDR2015, "2015")
    profiles = {row["ts_code"][:6]: row for row in read(src, "listed_company_profiles_tushare_2026-01.csv")}
    return address, csrc, profiles


def prefecture_finder(prefectures, counties=()):
    """(province code, Tushare city) → NBS prefecture code: by name, then by name without suffix; the
    municipalities' city is their 市辖区 unit (北京市 → 1101); a county-level city run by its province
    (石河子市, 济源市) is in the province's 直辖县级行政区划 unit."""
    by_name = {}
    direct = {p["code"] for p in prefectures if "直辖县级" in p["name_zh"]}
    for county in counties:
        if county["cityCode"] in direct:
            by_name.setdefault((county["provinceCode"], county["name"]), county["cityCode"])
    for p in prefectures:
        by_name.setdefault((p["province"], p["name_zh"]), p["code"])
        by_name.setdefault((p["province"], naming.strip_admin_suffix(p["name_zh"])), p["code"])
    municipal = {p["province"]: p["code"] for p in prefectures if p["name_zh"] == "市辖区"}

    def find(province: str, city: str) -> str:
        city = city.strip()
        if not province or not city:
            return ""
        if province in ("11", "12", "31", "50"):
            return municipal.get(province, "")
        return by_name.get((province, city)) or by_name.get((province, naming.strip_admin_suffix(city)), "")

    return find


def read_sector_crosswalk() -> dict[str, str]:
    """data/crosswalk_tushare_sector_gbt4754.csv: Tushare sector label → GB/T 4754 division, or only a
    section letter where the label spans several divisions of one section (derived)."""
    return {
        r["sector_label"]: r["gbt4754_code"]
        for r in read(ROOT / "data", "crosswalk_tushare_sector_gbt4754.csv")
    }


def build_enterprises(src: Path, out: Path, provinces, prefectures):
    by_short = {naming.strip_admin_suffix(p["name_zh"]): p["code"] for p in provinces}
    by_short.update(AREA_ALIASES)
    address, csrc, profiles = read_profiles(src)
    find_prefecture = prefecture_finder(prefectures, read(src, "admin_areas_nbs2022.csv"))
    sectors = read_sector_crosswalk()
    rows = []
    for row in read(src, "a_share_listed_companies_tushare_2025.csv"):
        area = row["area"].strip()
        province = by_short[area] if area else ""
        listed = row["list_date"]
        code = row["symbol"]
        sources = [SRC_TUSHARE]
        enterprise = {
            "name_zh": row["fullname"].strip(),
            "short_name": row["name"].strip(),
            "name_en": row["enname"].strip(),
            "stock_code": code,
            "board": BOARDS[(row["market"], row["exchange"])],
            "province": province,
            "sector_label": row["industry"].strip(),
            "listed": f"{listed[:4]}-{listed[4:6]}-{listed[6:]}" if listed else "",
        }
        industries = []
        letter = csrc.get(code, "")
        if letter and letter not in CSRC_NOT_GBT:
            industries.append(f"gbt4754:{letter}")
        mapped = sectors.get(enterprise["sector_label"])
        if mapped and f"gbt4754:{mapped}" not in industries:
            industries.append(f"gbt4754:{mapped}")
        enterprise["industries"] = ";".join(industries)
        found = address.get(code, {})
        enterprise.update(found)
        for url in (found.get("address_source"), SRC_SZSE if code in csrc else None):
            if url and url not in sources:
                sources.append(url)
        profile = profiles.get(code)
        if profile:
            enterprise["prefecture"] = find_prefecture(province, profile["城市"])
            enterprise["employees"] = profile["公司员工数"] if profile["公司员工数"].isdigit() else ""
            capital = profile["注册资金"].strip()
            enterprise["registered_capital"] = capital if re.fullmatch(r"\d+(\.\d+)?", capital) else ""
            enterprise["main_business"] = shorten(profile["主营业务"], MAIN_BUSINESS_LENGTH)
            enterprise["introduction"] = shorten(profile["公司简介"])
            sources.append(SRC_TUSHARE_PROFILES)
        facts = ARTICLE_FACTS.get(code)
        if facts:
            enterprise.update({k: v for k, v in facts.items() if k != "industries"})
            enterprise["industries"] = ";".join([facts["industries"], *industries])
            sources.append(SRC_ARTICLE)
        enterprise["source_url"] = ";".join(sources)
        rows.append(enterprise)
    write(out, "enterprises.csv", ENTERPRISE_COLUMNS, rows)


# ---------------------------------------------------------------------------------------- policies

POLICY_COLUMNS = [
    "slug",
    "title_zh",
    "title_en",
    "title_en_derived",
    "issuer",
    "document_number",
    "issued",
    "effective",
    "status",
    "published",
    "summary",
    "text_zh",
    "text_note",
    "measures_from_news",
    "source_url",
    "measure_position",
    "measure_category",
    "measure_text",
    "zone_kinds",
    "zone_codes",
    "industries",
]


# Policy documents from policy_documents_metadata.csv: our English title, the source cited for each
# (its official page where the table gives one, else the first repost), keyed by document number or title.
POLICY_DOCUMENTS = {
    "国发〔2019〕11号": (
        "guofa-2019-11",
        "State Council opinions on promoting innovation and upgrading in national economic and technological "
        "development zones",
        "State Council (国务院)",
        "https://www.weixinyidu.com/n_9371137",
    ),
    "国发〔2020〕7号": (
        "guofa-2020-7",
        "State Council opinions on promoting the high-quality development of national high-tech industrial "
        "development zones",
        "State Council (国务院)",
        "http://english.www.gov.cn/policies/latestreleases/202007/17/content_WS5f11ade6c6d00bd0989c61d2.html",
    ),
    "国办发〔2017〕7号": (
        "guobanfa-2017-7",
        "State Council General Office opinions on promoting the reform and innovative development of "
        "development zones",
        "General Office of the State Council (国务院办公厅)",
        "http://english.gov.cn/policies/latest_releases/2017/02/06/content_281475560757252.htm",
    ),
    "国办发〔2016〕14号": (
        "guobanfa-2016-14",
        "State Council General Office guiding opinions on improving the evaluation of national economic "
        "and technological development zones to promote innovation-driven development",
        "General Office of the State Council (国务院办公厅)",
        "https://www.gov.cn/zhengce/content/2016-04/01/content_5060345.htm",
    ),
    "国科发火〔2021〕106号": (
        "guokefahuo-2021-106",
        "MOST notice issuing the comprehensive evaluation indicator system for national high-tech "
        "industrial development zones",
        "Ministry of Science and Technology (科技部)",
        "https://most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2021/202104/t20210429_174232.html",
    ),
    "国家发展改革委等六部门公告2018年第4号": (
        "catalogue-2018-announcement",
        "Announcement of the China Development Zone Audit Catalogue (2018 edition)",
        "NDRC, MOST, MLR, MOHURD, MOFCOM and GACC "
        "(国家发展改革委、科技部、国土资源部、住房城乡建设部、商务部、海关总署)",
        "http://gansu.gscn.com.cn/system/2018/03/24/011935725.shtml",
    ),
}
SRC_MOFCOM_PLAN = "http://www.zhaoenyun.cn/news/txs/202505/t20250523_211681.html"


def policy_sources() -> list[dict]:
    """sources.csv rows for the policy documents' pages (the official page, else a repost that names it)."""
    rows = [
        {
            "url": url,
            "title": title,
            "publisher": publisher,
            "accessed": ACCESSED,
            "licence": "Government document (PRC Copyright Law, art. 5); only metadata is used",
            "note": "Gives the document's title, number, issuer and dates as listed in data/SOURCES.md.",
        }
        for _number, (_slug, title, publisher, url) in POLICY_DOCUMENTS.items()
    ]
    rows.append(
        {
            "url": SRC_MOFCOM_PLAN,
            "title": "商务部关于印发《深化国家级经济技术开发区改革创新以高水平开放引领高质量发展工作方案》"
            "的通知 (repost)",
            "publisher": "zhaoenyun.cn (repost of the MOFCOM notice)",
            "published": "2025-05-23",
            "accessed": ACCESSED,
            "licence": "Government document (PRC Copyright Law, art. 5); only metadata is used",
            "note": "The cover notice of MOFCOM's 2025-05-21 work plan; the plan's text is not held. "
            "The plan "
            "has 16 measures in four areas (法治日报, 2025-06-06).",
        }
    )
    return rows


def build_policies(src: Path, out: Path, zones):
    rows = []
    meta = {}
    for row in read(src, "policy_documents_metadata.csv"):
        meta[row["doc_no"] or row["title_zh"]] = row
    letter_text = (src / "policy_text_guobanhan_2024_83.txt").read_text(encoding="utf-8")
    # The verbatim part: from the addressees to item 五's opening words (the file's header lines are ours).
    letter_text = letter_text[letter_text.index("广东省、江西省") :].strip()

    def document(meta: dict, measures: list[tuple[str, str, str, str, str]]):
        for position, (category, text, kinds, zone_codes, industries) in enumerate(measures, start=1):
            rows.append(
                {
                    **meta,
                    "measure_position": str(position),
                    "measure_category": category,
                    "measure_text": text,
                    "zone_kinds": kinds,
                    "zone_codes": zone_codes,
                    "industries": industries,
                }
            )

    document(
        {
            "slug": "mofcom-2025-national-etdz-work-plan",
            "title_zh": next(m for k, m in meta.items() if "工作方案" in k)["title_zh"],
            "title_en": "Work plan for national economic and technological development zones (MOFCOM, 2025)",
            "title_en_derived": "true",
            "issuer": "Ministry of Commerce (商务部)",
            "issued": "2025-05-21",
            "status": "unknown",
            "summary": "The Ministry of Commerce's work plan for deepening reform and innovation in the "
            "national "
            "ETDZs and leading high-quality development with high-standard opening-up, issued with the State "
            "Council's consent on 2025-05-21. It has 16 policy measures in four areas. It is the plan the "
            "China "
            "Daily article of 2025-05-27 reports. No document number was found.",
            "text_note": "Only the cover notice is held; the plan's own text is not. The measures below are "
            "our summary of the China Daily report, not quotations.",
            "measures_from_news": "true",
            "source_url": f"{SRC_MOFCOM_PLAN};{SRC_ARTICLE}",
        },
        [
            (
                "innovation",
                "Build national-level platforms for major industrial and technological innovation "
                "in the zones.",
                "etdz",
                "",
                "",
            ),
            (
                "innovation",
                "Encourage leading companies to work with universities and research institutes.",
                "etdz",
                "",
                "",
            ),
            (
                "upgrading",
                "Support zones taking part in national key projects for technological "
                "transformation and equipment upgrading in manufacturing.",
                "etdz",
                "",
                "",
            ),
            (
                "upgrading",
                "Prioritise digital, intelligent and green upgrading of traditional industries.",
                "etdz",
                "",
                "",
            ),
            ("innovation", "Set up incubators and pilot zones for future industries.", "etdz", "", ""),
            (
                "opening-up",
                "Treat foreign-funded projects in integrated circuits, advanced equipment "
                "manufacturing and biomedicine as major foreign investment projects.",
                "etdz",
                "",
                "1.2;2;4.1",
            ),
            ("opening-up", "Support bulk commodity trading centres in qualified zones.", "etdz", "", ""),
            (
                "opening-up",
                "Support international logistics hubs and global distribution centres in qualified zones.",
                "etdz",
                "",
                "",
            ),
            (
                "opening-up",
                "Use the zones as platforms for international cooperation under multilateral and "
                "bilateral mechanisms, including green development, the digital economy and the marine "
                "economy.",
                "etdz",
                "",
                "",
            ),
        ],
    )
    document(
        {
            "slug": "2025-action-plan-for-high-tech-zones",
            "title_en": "2025 Action Plan for High-Tech Zones",
            "title_en_derived": "false",
            "issuer": "",
            "status": "unknown",
            "summary": "An action plan for national high-tech zones named (in English) by China Daily on "
            "2025-05-27, aiming at world-class innovation hubs.",
            # (News of 2025 is said to place national high-tech zones under MIIT; we hold no such report,
            # so the page does not say it.)
            "text_note": "Not found as a document: no plan of this name, and no issuer, date, Chinese title "
            "or number for it, was found in the material we hold. The measures below are our summary of the "
            "China Daily report.",
            "measures_from_news": "true",
            "source_url": SRC_ARTICLE,
        },
        [
            ("rd-funding", "Government-backed funds for research and development.", "high-tech", "", ""),
            ("tax", "Tax incentives.", "high-tech", "", ""),
            ("tech-transfer", "Better conditions for technology transfer.", "high-tech", "", ""),
            (
                "sandbox",
                "Regulatory sandboxes for frontier technologies such as artificial intelligence and "
                "biotechnology.",
                "high-tech",
                "",
                "1.5;4",
            ),
        ],
    )
    new_zones = [
        z for z in zones if z.get("status_document") == "国办函〔2024〕83号" and z["level"] == "national"
    ]
    document(
        {
            "slug": "guobanhan-2024-83",
            "title_zh": meta["国办函〔2024〕83号"]["title_zh"],
            "title_en": "State Council General Office letter approving four provincial development zones as "
            "national economic and technological development zones",
            "title_en_derived": "true",
            "issuer": "General Office of the State Council (国务院办公厅)",
            "document_number": "国办函〔2024〕83号",
            "issued": "2024-10-27",
            "published": "2024-10-30",
            "text_zh": letter_text,
            "text_note": "Items 一–四 verbatim from gov.cn; item 五 only its opening words; the attachment "
            "with "
            "the approved areas and boundaries is not held.",
            "status": "unknown",
            "summary": "Signed 2024-10-27 and published on gov.cn 2024-10-30, the letter upgrades four "
            "provincial development zones (in Guangdong, Jiangxi, Chongqing and Liaoning) to national ETDZs "
            "and gives each its new name. The English title is our description.",
            "source_url": SRC_GOVCN,
        },
        [
            (
                "designation",
                f"Upgrades the provincial {z['former_name']} "
                f"({naming.derive_english_name(z['former_name'])}) "
                f"to the national economic and technological development zone {z['name_zh']} "
                f"({z['name_en']}).",
                "",
                z["code"],
                "",
            )
            for z in new_zones
        ],
    )
    for number, (slug, title_en, issuer, url) in POLICY_DOCUMENTS.items():
        row = meta[number]
        signed, published = row["date_signed"], row["date_published"]
        rows.append(
            {
                "slug": slug,
                "title_zh": row["title_zh"],
                "title_en": title_en,
                "title_en_derived": "true",
                "issuer": issuer,
                "document_number": number,
                "issued": signed or published,
                "published": published if len(published) == 10 else "",
                "status": "unknown",
                "text_note": f"Text not held ({row['text_held'] or 'none'}); only the title, number, issuer "
                "and dates are shown.",
                "source_url": url,
            }
        )
    write(out, "policies.csv", POLICY_COLUMNS, rows)


# -------------------------------------------------------------------------------------------- main


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="folder holding the collected source files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args(argv)
    src, out = args.shared, args.out
    out.mkdir(parents=True, exist_ok=True)

    provinces, prefectures = build_places(src, out)
    build_industries(src, out)
    zones = build_zones(src, out, provinces, prefectures)
    rankings, ranking_sources = ranking_rows(src, zones)
    write(
        out,
        "sources.csv",
        ["url", "title", "publisher", "published", "accessed", "licence", "note"],
        SOURCES + policy_sources() + ranking_sources,
    )
    build_statistics(out, rankings)
    build_enterprises(src, out, provinces, prefectures)
    build_policies(src, out, zones)
    kinds = Counter(z["kind"] for z in zones)
    status = defaultdict(int)
    for zone in zones:
        status[zone["status"]] += 1
    print("zones by kind:", dict(sorted(kinds.items())), "by status:", dict(status))


if __name__ == "__main__":
    main()
