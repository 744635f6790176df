"""Benchmark of the public pages at 100,000 enterprises on PostgreSQL (issue 2). Target: p95 ≤ 50 ms.

    .venv/bin/python bench/pages.py [--enterprises 100000] [--warmup 30] [--runs 100] [--keep] [--reuse]
                                    [--only SUBSTRING] [--explain]
                                    [--database-url postgres://postgres@127.0.0.1:5432/za_bench_pages]

1. (Re)creates the database named in --database-url, migrates it and loads the bundled real data with
   `load_atlas` (2,610 zones, 5,418 listed companies, industries, policies). `--reuse` skips this and
   the next step when the database already holds the synthetic rows (for iterating on one page).
2. Adds a deterministic synthetic set of N enterprises (seeded random; slugs `bench-NNNNNN`, so they can
   be told apart) across the real zones with `bulk_create`: 3% in Suzhou Industrial Park (32101004),
   85% in other zones (national zones weighted 5:1), 12% in no zone; the zone's province (a random one
   without zone); a board and a listing date (1990–2025, not before the board opened) each; 1–3 SEI 2018
   industries each (half the picks from 20 popular codes, so facets are skewed as real data is); ~10%
   national high-tech, ~45% not, ~45% unknown; valid credit codes. Then VACUUM ANALYZE.
3. Requests every public page with typical filters through Django's WSGI handler (the full middleware
   stack, as a server would run it, without a socket), --warmup times unmeasured then --runs times
   measured, and reports p50/p95 server time and the query count of one extra request.
   Two passes: **cold** (ATLAS_FACET_CACHE_SECONDS=0: every facet count and total computed on every
   request — what the target is judged on; the enterprise facet index, atlas/facet_index.py, is built
   by the first warm-up request, as it would be by a server's first request after start or after a
   write) and **warm** (the default 60-second cache of counts). Then the cost of the rebuild: the
   enterprise list and the industry page each requested right after a write, --after-write-runs times.
4. Prints one table with PASS/FAIL against p95 ≤ 50 ms (cold); `--explain` prints EXPLAIN (ANALYZE,
   BUFFERS) of the slowest query of each failing page. A report: it exits 0 whatever the verdicts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import drop_database, machine_note, recreate_database, setup_django, table  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/za_bench_pages"
SEED = 20250101
TARGET_MS = 50.0
SIP = "32101004"  # Suzhou Industrial Park
CHUNK = 5000

WORDS = (
    "华芯 中科 博远 汇通 恒瑞 新源 天成 瑞泰 金桥 宏达 启明 海纳 智远 "
    "东方 长风 星河 云帆 正泰 联创 鼎盛 嘉禾 永信 普华 安泰 精工"
).split()
WORDS_EN = (
    "Huaxin Zhongke Boyuan Huitong Hengrui Xinyuan Tiancheng Ruitai Jinqiao Hongda Qiming Haina Zhiyuan "
    "Dongfang Changfeng Xinghe Yunfan Zhengtai Lianchuang Dingsheng Jiahe Yongxin Puhua Antai Jinggong"
).split()
TRADES = [
    ("科技", "Technology"),
    ("电子", "Electronics"),
    ("生物医药", "Biopharma"),
    ("新材料", "New Materials"),
    ("智能装备", "Intelligent Equipment"),
    ("软件", "Software"),
    ("半导体", "Semiconductor"),
    ("新能源", "New Energy"),
    ("环保", "Environmental"),
    ("信息技术", "Information Technology"),
    ("精密机械", "Precision Machinery"),
    ("医疗器械", "Medical Devices"),
    ("汽车零部件", "Auto Parts"),
    ("光电", "Optoelectronics"),
    ("数据服务", "Data Services"),
]
BOARDS = [("sse-main", 1990, 35), ("szse-main", 1991, 30), ("chinext", 2009, 20), ("star", 2019, 12),
          ("bse", 2021, 3)]  # fmt: skip


# ------------------------------------------------------------------ data
def load_real_data() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_atlas", stdout=io.StringIO())


def add_synthetic_enterprises(n: int) -> None:
    """N deterministic enterprises with bulk_create (no signals, no history: public pages only)."""
    from atlas.faceting import facet_cache_clear
    from atlas.search_keys import search_keys
    from enterprises.models import Enterprise
    from enterprises.validators import credit_code_check_char
    from zones.models import Industry, Province, Zone

    rng = random.Random(SEED)
    zones = list(Zone.objects.order_by("code").values_list("pk", "province_id", "level", "code"))
    sip = next(z for z in zones if z[3] == SIP)
    weights = [5 if level == "national" else 1 for _, _, level, _ in zones]
    provinces = list(Province.objects.order_by("code").values_list("pk", "code", "name_zh"))
    province_code = {pk: code for pk, code, _ in provinces}
    place = {pk: name.rstrip("省市").removesuffix("自治区")[:3] for pk, _, name in provinces}
    industries = list(Industry.objects.filter(scheme="sei2018").order_by("code").values_list("pk", flat=True))
    popular = rng.sample(industries, 20)
    Through = Enterprise.industries.through
    for start in range(0, n, CHUNK):
        batch, links = [], []
        for i in range(start, min(start + CHUNK, n)):
            r = rng.random()
            if r < 0.03:
                zone_id, province_id = sip[0], sip[1]
            elif r < 0.88:
                zone_id, province_id, _, _ = rng.choices(zones, weights=weights)[0]
            else:
                zone_id, province_id = None, rng.choice(provinces)[0]
            word = rng.randrange(len(WORDS))
            trade_zh, trade_en = rng.choice(TRADES)
            board, opened, _ = rng.choices(BOARDS, weights=[b[2] for b in BOARDS])[0]
            founded = dt.date(rng.randint(1980, 2020), rng.randint(1, 12), rng.randint(1, 28))
            year = rng.randint(max(opened, founded.year + 1, 1990), 2025)
            first17 = f"91{province_code[province_id]}0000{i:08d}{rng.choice('0123456789ABCDEFGH')}"
            name_zh = f"{place[province_id]}{WORDS[word]}{trade_zh}{i}号有限公司"
            # bulk_create skips save(): the pinyin search keys are set here as the import pipeline does.
            name_pinyin, name_initials = search_keys(name_zh)
            batch.append(
                Enterprise(
                    name_zh=name_zh,
                    name_pinyin=name_pinyin,
                    name_initials=name_initials,
                    name_en=f"{WORDS_EN[word]} {trade_en} No. {i} Co., Ltd.",
                    slug=f"bench-{i:06d}",
                    credit_code=first17 + credit_code_check_char(first17),
                    board=board,
                    zone_id=zone_id,
                    province_id=province_id,
                    founded=founded,
                    listed=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    high_tech=rng.choices([True, False, None], weights=[10, 45, 45])[0],
                    description="Synthetic benchmark row.",
                )
            )
            picks = set()
            for _ in range(rng.randint(1, 3)):
                picks.add(rng.choice(popular) if rng.random() < 0.5 else rng.choice(industries))
            links.append(picks)
        created = Enterprise.objects.bulk_create(batch)
        Through.objects.bulk_create(
            [
                Through(enterprise_id=e.pk, industry_id=ind)
                for e, picks in zip(created, links, strict=True)
                for ind in picks
            ]
        )
    facet_cache_clear()


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# ------------------------------------------------------------------ the pages
def pages() -> list[tuple[str, str]]:
    """(label, path with query) for each page and typical filter set."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from enterprises.models import Enterprise
    from policies.models import PolicyDocument
    from zones.models import Industry, Province, Zone

    def url(name, query=None, **kwargs):
        try:
            path = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None
        return path + ("?" + urlencode(query, doseq=True) if query else "")

    sip = Zone.objects.get(code=SIP)
    jiangsu = Province.objects.get(code="32")
    # The SEI industry with most enterprises: the heaviest industry page and facet value.
    industry = (
        Industry.objects.filter(scheme="sei2018")
        .annotate(n=Count("enterprises"))
        .order_by("-n", "code")
        .first()
    )
    hyc = Enterprise.objects.filter(stock_code="688001").first() or Enterprise.objects.order_by("pk").first()
    policy = PolicyDocument.objects.order_by("pk").first()
    total = Enterprise.objects.count()
    last_page = (total + 49) // 50
    rows = [
        ("home", url("home")),
        ("about the data", url("about")),
        ("zone rankings", url("zones:rankings")),
        ("zones", url("zones:list")),
        ("zones province=jiangsu", url("zones:list", {"province": jiangsu.slug})),
        ("zones kind=etdz province=jiangsu", url("zones:list", {"kind": "etdz", "province": jiangsu.slug})),
        ("zones q=苏州", url("zones:list", {"q": "苏州"})),
        ("zones page=5", url("zones:list", {"page": 5})),
        (f"zone detail {SIP}", url("zones:detail", slug=sip.slug)),
        ("zone detail: enterprises page 10", url("zones:detail", {"ent_page": 10}, slug=sip.slug)),
        ("province jiangsu", url("places:detail", slug=jiangsu.slug)),
        ("industries", url("industries:list")),
        (f"industry {industry.code}", url("industries:detail", slug=industry.slug)),
        ("enterprises", url("enterprises:list")),
        ("enterprises province=jiangsu", url("enterprises:list", {"province": jiangsu.slug})),
        ("enterprises board=star", url("enterprises:list", {"board": "star"})),
        (f"enterprises industry={industry.code}", url("enterprises:list", {"industry": industry.slug})),
        ("enterprises q=科技", url("enterprises:list", {"q": "科技"})),
        ("enterprises q=苏州华芯", url("enterprises:list", {"q": "苏州华芯"})),
        ("enterprises q=688", url("enterprises:list", {"q": "688"})),
        # The worst text search: a fragment in every name, so the database hands back every primary key.
        ("enterprises q=有限公司 (every row)", url("enterprises:list", {"q": "有限公司"})),
        ("enterprises listed 2010–2020", url("enterprises:list", {"listed_from": 2010, "listed_to": 2020})),
        (
            "enterprises province+board+industry",
            url("enterprises:list", {"province": jiangsu.slug, "board": "star", "industry": industry.slug}),
        ),
        ("enterprises high_tech=yes", url("enterprises:list", {"high_tech": "yes"})),
        ("enterprises sort=listed", url("enterprises:list", {"sort": "listed"})),
        ("enterprises page=1000", url("enterprises:list", {"page": 1000})),
        (f"enterprises last page ({last_page})", url("enterprises:list", {"page": last_page})),
        ("enterprise detail", url("enterprises:detail", slug=hyc.slug)),
        ("policies", url("policies:list")),
        ("policy detail", url("policies:detail", slug=policy.slug) if policy else None),
        # The header search (issue 10): every group's top rows and capped count in one page.
        ("search q=苏州 (2 Chinese chars + place)", url("search:results", {"q": "苏州"})),
        ("search q=科技 (2 chars, many rows)", url("search:results", {"q": "科技"})),
        ("search q=有限公司 (every row)", url("search:results", {"q": "有限公司"})),
        ("search q=苏州华芯", url("search:results", {"q": "苏州华芯"})),
        ("search q=szgyyq (initials)", url("search:results", {"q": "szgyyq"})),
        ("search q=suzhou gongye yuanqu (pinyin)", url("search:results", {"q": "suzhou gongye yuanqu"})),
        ("search q=Suzhou Industrial Park", url("search:results", {"q": "Suzhou Industrial Park"})),
        ("search q=32101004 (zone code)", url("search:results", {"q": SIP})),
        ("search q=688001 (stock code)", url("search:results", {"q": "688001"})),
        ("search suggest q=苏州", url("search:suggest", {"q": "苏州"})),
        ("search suggest q=szgy", url("search:suggest", {"q": "szgy"})),
    ]
    return rows


def wsgi_get(handler, path_query: str) -> tuple[int, int]:
    """One GET through the WSGI handler; (status, body bytes)."""
    path, _, query = path_query.partition("?")
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    response = handler(environ, lambda s, headers, exc_info=None: status.append(int(s.split()[0])))
    try:
        size = sum(len(chunk) for chunk in response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return status[0], size


def measure(handler, path: str, warmup: int, runs: int) -> dict:
    for _ in range(warmup):
        wsgi_get(handler, path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        wsgi_get(handler, path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)]}


def after_write(handler, path: str, runs: int) -> dict:
    """p50/p95 of ``path`` requested right after a write: the facet index must rebuild first.

    The write is an UPDATE that sets a copied column to its own value -- the change-tracking trigger
    fires on the statement (``UPDATE OF listed``) all the same, so the data version moves and the data
    stays as it was."""
    from django.db import connection

    times = []
    for _ in range(runs):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE enterprises_enterprise SET listed = listed "
                "WHERE id = (SELECT min(id) FROM enterprises_enterprise)"
            )
        started = time.perf_counter()
        wsgi_get(handler, path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)]}


def queries_of(handler, path: str) -> tuple[int, int, list]:
    """(status, bytes, [(ms, sql)]) of one request, queries slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        status, size = wsgi_get(handler, path)
    queries = sorted(((float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries), reverse=True)
    return status, size, queries


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is (kept earlier)")
    parser.add_argument("--only", help="measure only pages whose label contains this text")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of slow pages"
    )
    parser.add_argument("--no-warm", action="store_true", help="skip the warm-cache pass")
    parser.add_argument(
        "--after-write-runs", type=int, default=20, help="requests of /enterprises/ right after a write"
    )
    args = parser.parse_args()

    url = args.database_url
    print(f"Zone Atlas page benchmark: {machine_note()}")
    if not args.reuse:
        recreate_database(url)
    setup_django(url)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import reverse

    # Production runs collectstatic for the manifest storage; here the plain storage stands in for it
    # (a manifest lookup is a dict lookup, nothing a page's time depends on).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Every request renders its page: the whole-page cache (config.page_cache) would answer repeats from
    # memory and hide what a page costs after any write; bench/load.py measures the cache.
    settings.ATLAS_PAGE_CACHE = False
    from django.db import connection

    from enterprises.models import Enterprise

    try:
        if not args.reuse:
            started = time.monotonic()
            load_real_data()
            loaded = time.monotonic()
            add_synthetic_enterprises(args.enterprises)
            vacuum_analyze()
            print(
                f"set-up: load_atlas {loaded - started:.1f} s, {args.enterprises:,} synthetic enterprises + "
                f"VACUUM ANALYZE {time.monotonic() - loaded:.1f} s"
            )
        total = Enterprise.objects.count()
        synthetic = Enterprise.objects.filter(slug__startswith="bench-").count()
        print(
            f"database {url}: {total:,} enterprises ({synthetic:,} synthetic), "
            f"PostgreSQL {connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}"
        )
        print(f"{args.warmup} warm-up + {args.runs} measured requests per page and pass\n", flush=True)

        handler = WSGIHandler()
        rows, verdicts, slow = [], [], []
        measured = pages()
        industry_path = next(path for label, path in measured if label.startswith("industry "))
        for label, path in measured:
            if args.only and args.only not in label:
                continue
            if path is None:
                rows.append([label, "(no URL)", "", "", "", "", "", "", "SKIP"])
                continue
            settings.ATLAS_FACET_CACHE_SECONDS = 0
            status, size, queries = queries_of(handler, path)
            if status != 200:
                rows.append([label, path, status, "", "", "", "", "", "SKIP"])
                verdicts.append(f"SKIP  {label}: {path} answered {status}")
                continue
            cold = measure(handler, path, args.warmup, args.runs)
            warm = {"p50": None, "p95": None}
            if not args.no_warm:
                settings.ATLAS_FACET_CACHE_SECONDS = 60
                warm = measure(handler, path, args.warmup, args.runs)
            ok = cold["p95"] <= TARGET_MS
            if not ok:
                slow.append((label, path, queries))
            fmt = lambda v: "" if v is None else f"{v:.1f}"  # noqa: E731
            rows.append(
                [label, path, len(queries), f"{sum(q[0] for q in queries):.1f}", fmt(cold["p50"]),
                 fmt(cold["p95"]), fmt(warm["p50"]), fmt(warm["p95"]), "PASS" if ok else "FAIL"]
            )  # fmt: skip
            print(f"  {label:<42} cold p50 {cold['p50']:6.1f} p95 {cold['p95']:6.1f} ms", flush=True)

        print()
        headers = [
            "page",
            "URL",
            "queries",
            "SQL ms",
            "cold p50",
            "cold p95",
            "warm p50",
            "warm p95",
            "≤50ms",
        ]
        print(table(headers, rows, aligns="llrrrrrrl"))
        print(
            "cold = facet counts and totals computed on every request (ATLAS_FACET_CACHE_SECONDS=0); "
            "warm = default 60 s cache of counts.\nSQL ms = sum of the query times of one cold request "
            "(captured, so with cursor-wrapper overhead). Verdict on cold p95."
        )
        print(f"{sum(r[-1] == 'PASS' for r in rows)} PASS, {sum(r[-1] == 'FAIL' for r in rows)} FAIL, "
              f"{sum(r[-1] == 'SKIP' for r in rows)} SKIP; {machine_note()}")  # fmt: skip
        for line in verdicts:
            print(line)
        if args.after_write_runs and not args.only:
            settings.ATLAS_FACET_CACHE_SECONDS = 0
            for label, path in [
                ("enterprises", reverse("enterprises:list")),
                ("industry page", industry_path),
            ]:
                cost = after_write(handler, path, args.after_write_runs)
                print(
                    f"first request after a write (facet index rebuilt from {total:,} rows), {label}: "
                    f"p50 {cost['p50']:.1f} ms, p95 {cost['p95']:.1f} ms ({args.after_write_runs} writes)"
                )
        for label, path, queries in slow:
            print(f"\n=== slow: {label}  {path}")
            for ms, sql in queries[:3]:
                print(f"  {ms:7.1f} ms  {sql[:300]}")
            if args.explain and queries:
                print(explain(queries[0][1]))
    finally:
        connection.close()
        if not args.keep and not args.reuse:
            drop_database(url)


if __name__ == "__main__":
    main()
