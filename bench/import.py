"""Benchmark of the enterprise import (issue 3): the project's pipeline against PostgreSQL's practical limit.

    .venv/bin/python bench/import.py [--rows 100000] [--repeat 1] [--keep] [--no-sqlite]
                                     [--database-url postgres://postgres@127.0.0.1:5432/za_bench_import]

1. Creates the database named in --database-url (dropped first if it exists, dropped again at the end
   unless --keep), migrates it and loads the bundled base data the file refers to (sources, provinces,
   prefectures, industries, zones from data/, through the import pipeline like `load_atlas`).
2. Writes a deterministic file of N enterprises (seeded random) in the canonical columns of
   docs/import-formats.md: valid unified social credit codes (GB 32100-2015 check character), real zone
   codes with their province, 1–3 real SEI 2018 industry codes each, ~10% listed with a stock code,
   English names, dates, a real source URL. Synthetic rows, only ever in a temp dir.
3. Measures, each in its own fresh Python process (so peak RSS is that run's own: VmHWM at the end):
   - baseline: COPY of the file into a staging table, INSERT … ON CONFLICT (credit_code) DO UPDATE … WHERE
     IS DISTINCT FROM into enterprises_enterprise (zone and province ids resolved by join), the M2M rows
     (industries, sources) via staging M2M tables with INSERT … ON CONFLICT DO NOTHING plus a DELETE of
     pairs no longer in the file; one transaction; first load, then a reload of the same file;
   - project: `run_import("enterprises", path)` (all validation, all-or-nothing, ImportBatch, ImportChange
     rows and history rows included); first import, then a re-import of the same file (the update path);
   Between the baseline and the project the enterprise tables are truncated, so both start from the same
   state; a CHECKPOINT before each run keeps one run's dirty pages from being flushed during the next.
   - the same project import and re-import on SQLite (a fresh file in the temp dir).
4. Prints one table (seconds, rows/s, peak RSS, project/COPY ratio) and PASS/FAIL against the targets:
   import and re-import ≤ 2× the COPY baseline, peak RSS ≤ 150 MB. A report: it always exits 0 when
   the runs themselves worked.

Times exclude interpreter and Django start-up (measured inside the child around the work itself).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BASE_DIR,
    BASE_KINDS,
    drop_database,
    machine_note,
    plain_dsn,
    recreate_database,
    report_to_parent,
    run_child,
    setup_django,
    table,
)

SCRIPT = Path(__file__).resolve()
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/za_bench_import"
SEED = 20240515
RATIO_TARGET = 2.0
RSS_TARGET_MB = 150.0

COLUMNS = [
    "name_zh",
    "short_name",
    "name_en",
    "credit_code",
    "stock_code",
    "board",
    "zone_code",
    "province",
    "industries",
    "sector_label",
    "founded",
    "listed",
    "high_tech",
    "website",
    "description",
    "source_url",
]

# Word pairs for plausible company names (Chinese, English); the place comes from the zone's province.
WORDS = [
    ("华芯", "Huaxin"),
    ("中科", "Zhongke"),
    ("博远", "Boyuan"),
    ("汇通", "Huitong"),
    ("恒瑞", "Hengrui"),
    ("新源", "Xinyuan"),
    ("天成", "Tiancheng"),
    ("瑞泰", "Ruitai"),
    ("金桥", "Jinqiao"),
    ("宏达", "Hongda"),
    ("启明", "Qiming"),
    ("海纳", "Haina"),
    ("智远", "Zhiyuan"),
    ("东方", "Dongfang"),
    ("长风", "Changfeng"),
    ("星河", "Xinghe"),
    ("云帆", "Yunfan"),
    ("正泰", "Zhengtai"),
    ("联创", "Lianchuang"),
    ("鼎盛", "Dingsheng"),
    ("嘉禾", "Jiahe"),
    ("永信", "Yongxin"),
    ("普华", "Puhua"),
    ("安泰", "Antai"),
    ("精工", "Jinggong"),
]
TRADES = [
    ("科技", "Technology"),
    ("电子", "Electronics"),
    ("生物医药", "Biopharmaceutical"),
    ("新材料", "New Materials"),
    ("智能装备", "Intelligent Equipment"),
    ("软件", "Software"),
    ("半导体", "Semiconductor"),
    ("新能源", "New Energy"),
    ("环保", "Environmental Protection"),
    ("信息技术", "Information Technology"),
    ("精密机械", "Precision Machinery"),
    ("医疗器械", "Medical Devices"),
    ("汽车零部件", "Auto Parts"),
    ("光电", "Optoelectronics"),
    ("数据服务", "Data Services"),
]
FORMS = [("有限公司", "Co., Ltd."), ("股份有限公司", "Co., Ltd."), ("集团有限公司", "Group Co., Ltd.")]
SECTORS = [
    "软件服务",
    "半导体",
    "元器件",
    "化学制药",
    "医疗保健",
    "专用机械",
    "电气设备",
    "汽车配件",
    "新型电力",
]
# Board, stock code prefix, first listing year (the exchanges' or boards' opening).
BOARDS = [("sse-main", "60", 1990), ("szse-main", "00", 1991), ("chinext", "30", 2009), ("star", "68", 2019),
          ("bse", "8", 2021)]  # fmt: skip


# ------------------------------------------------------------------ the file
def base_refs(database_url: str) -> dict:
    """Real codes the file refers to, read from the loaded base data."""
    import psycopg

    with psycopg.connect(plain_dsn(database_url)) as conn:
        zones = conn.execute(
            "SELECT z.code, p.code, coalesce(f.code, '') FROM zones_zone z JOIN zones_province p "
            "ON p.id = z.province_id LEFT JOIN zones_prefecture f ON f.id = z.prefecture_id ORDER BY z.code"
        ).fetchall()
        provinces = conn.execute("SELECT code, name_zh, name_en FROM zones_province ORDER BY code").fetchall()
        industries = [
            code
            for (code,) in conn.execute(
                "SELECT code FROM zones_industry WHERE scheme = 'sei2018' ORDER BY code"
            ).fetchall()
        ]
        source = conn.execute("SELECT url FROM zones_source ORDER BY url LIMIT 1").fetchone()[0]
    return {"zones": zones, "provinces": provinces, "industries": industries, "source": source}


def write_file(path: Path, rows: int, refs: dict) -> None:
    """N deterministic enterprise rows in the canonical columns (same seed and base data → same bytes)."""
    from enterprises.validators import credit_code_check_char

    rng = random.Random(SEED)
    provinces = {
        code: (zh.rstrip("省市").removesuffix("自治区")[:3], en) for code, zh, en in refs["provinces"]
    }
    province_codes = sorted(provinces)
    stock_counters = dict.fromkeys((b[0] for b in BOARDS), 0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(rows):
            if rng.random() < 0.9:
                zone_code, province, prefecture = rng.choice(refs["zones"])
            else:
                zone_code, province, prefecture = "", rng.choice(province_codes), ""
            place_zh, place_en = provinces[province]
            (w_zh, w_en), (t_zh, t_en), (f_zh, f_en) = (
                rng.choice(WORDS),
                rng.choice(TRADES),
                rng.choice(FORMS),
            )
            name_zh = f"{place_zh}{w_zh}{t_zh}{f_zh}"
            name_en = f"{place_en.split()[0]} {w_en} {t_en} {f_en} ({i})"
            name_zh = f"{name_zh[: -len(f_zh)]}{i}号{f_zh}" if i % 7 == 0 else name_zh
            division = (prefecture + "00") if prefecture else (province + "0000")
            first17 = f"91{division}{i:08d}{rng.choice('0123456789ABCDEFGHJKLMNPQRTUWXY')}"
            credit_code = first17 + credit_code_check_char(first17)
            founded_year = rng.randint(1985, 2022)
            stock_code = board = listed = ""
            if rng.random() < 0.1:
                board, prefix, opened = rng.choices(BOARDS, weights=[30, 25, 20, 15, 10])[0]
                stock_counters[board] += 1
                stock_code = f"{prefix}{stock_counters[board]:0{6 - len(prefix)}d}"
                year = rng.randint(max(opened, founded_year + 1), 2025)
                listed = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            industries = ";".join(rng.sample(refs["industries"], rng.randint(1, 3)))
            high_tech = rng.choices(["true", "false", ""], weights=[10, 40, 50])[0]
            out.writerow(
                [
                    name_zh,
                    f"{w_zh}{t_zh}",
                    name_en,
                    credit_code,
                    stock_code,
                    board,
                    zone_code,
                    province,
                    industries,
                    rng.choice(SECTORS),
                    dt.date(founded_year, rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                    listed,
                    high_tech,
                    f"https://e{i:06d}.example.com/",
                    f"{place_zh}{t_zh}企业，主营{t_zh}产品的研发与制造。",
                    refs["source"],
                ]
            )


def blank_english(source: Path, target: Path, share: float) -> None:
    """A copy of `source` with `share` of the rows' English names left empty (evenly spread)."""
    with (
        source.open(encoding="utf-8", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader, writer = csv.reader(src), csv.writer(out)
        header = next(reader)
        writer.writerow(header)
        column = header.index("name_en")
        for i, row in enumerate(reader):
            if int((i + 1) * share) > int(i * share):
                row[column] = ""
            writer.writerow(row)


# ------------------------------------------------------------------ children (each in a fresh process)
def child_setup(database_url: str) -> None:
    """Migrate and load the base kinds through the pipeline (as load_atlas does, without enterprises)."""
    setup_django(database_url)
    from django.core.management import call_command

    from imports.engine import run_import

    call_command("migrate", verbosity=0)
    for kind in BASE_KINDS:
        result = run_import(kind, BASE_DIR / "data" / f"{kind}.csv")
        if not result.ok:
            raise SystemExit(f"base data {kind}: {result.errors[:3]}")
    report_to_parent({})


def child_project(database_url: str, path: str) -> None:
    setup_django(database_url)
    from django.db import connection

    from imports.engine import run_import

    connection.ensure_connection()  # connecting is not the import's work
    started = time.perf_counter()
    result = run_import("enterprises", path)
    seconds = time.perf_counter() - started
    report_to_parent(
        {
            "seconds": seconds,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": [str(e) for e in result.errors[:5]],
            "error_count": len(result.errors),
        }
    )


STAGE_M2M = {
    # M2M table, staging table, file column, target table, how a value matches a target row
    "industries": (
        "enterprises_enterprise_industries",
        "industry_id",
        "zones_industry t ON t.scheme = 'sei2018' AND t.code = m.value",
    ),
    "source_url": ("enterprises_enterprise_sources", "source_id", "zones_source t ON t.url = m.value"),
}
UPDATED = [
    "name_zh", "short_name", "name_en", "stock_code", "board", "sector_label", "founded", "listed",
    "founded_precision", "listed_precision", "high_tech", "website", "description", "province_id", "zone_id",
]  # fmt: skip


# Text columns the file does not fill, NOT NULL in the table (profiles, zone-link evidence, search keys):
# the baseline writes them empty. (The project also spells each Chinese name in pinyin for the search
# keys, work this SQL cannot do, so the ratio carries that cost.)
EMPTY_TEXT = [
    "introduction", "main_business", "office_address", "registered_address", "zone_basis",
    "zone_matched_text", "zone_method", "zone_review", "name_initials", "name_pinyin",
]  # fmt: skip


def child_baseline(database_url: str, path: str) -> None:
    """COPY into staging, one upsert, M2M through staging tables: PostgreSQL's practical limit."""
    import psycopg

    conn = psycopg.connect(plain_dsn(database_url))
    started = time.perf_counter()
    counts, phases = {}, {}
    with conn.transaction():
        conn.execute(f"CREATE TEMP TABLE stage ({', '.join(f'{c} text' for c in COLUMNS)}) ON COMMIT DROP")
        with conn.cursor() as cur, cur.copy("COPY stage FROM STDIN (FORMAT csv, HEADER true)") as copy:
            with open(path, "rb") as fh:
                while block := fh.read(1 << 20):
                    copy.write(block)
        conn.execute("ANALYZE stage")
        phases["copy"] = time.perf_counter() - started
        assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in UPDATED)
        old = ", ".join(f"e.{c}" for c in UPDATED)
        new = ", ".join(f"EXCLUDED.{c}" for c in UPDATED)
        cur = conn.execute(
            f"""
            INSERT INTO enterprises_enterprise AS e
                (name_zh, short_name, name_en, slug, credit_code, stock_code, board, sector_label, founded,
                 founded_precision, listed, listed_precision, high_tech, website, description, province_id,
                 zone_id, {", ".join(EMPTY_TEXT)})
            SELECT s.name_zh, coalesce(s.short_name, ''), coalesce(s.name_en, ''),
                   'b-' || lower(s.credit_code), s.credit_code, s.stock_code, coalesce(s.board, ''),
                   coalesce(s.sector_label, ''), s.founded::date,
                   CASE WHEN coalesce(s.founded, '') = '' THEN '' ELSE 'day' END, s.listed::date,
                   CASE WHEN coalesce(s.listed, '') = '' THEN '' ELSE 'day' END, s.high_tech::boolean,
                   coalesce(s.website, ''), coalesce(s.description, ''), coalesce(p.id, z.province_id), z.id,
                   {", ".join("''" for _ in EMPTY_TEXT)}
            FROM stage s
            LEFT JOIN zones_zone z ON z.code = s.zone_code
            LEFT JOIN zones_province p ON p.code = s.province
            ON CONFLICT (credit_code) DO UPDATE SET {assignments}
            WHERE ({old}) IS DISTINCT FROM ({new})
            """
        )
        counts["enterprises_written"] = cur.rowcount
        phases["upsert"] = time.perf_counter() - started - phases["copy"]
        for column, (m2m, target_id, target_join) in STAGE_M2M.items():
            conn.execute("DROP TABLE IF EXISTS stage_m2m, stage_pairs")
            conn.execute(
                f"CREATE TEMP TABLE stage_m2m ON COMMIT DROP AS SELECT s.credit_code, trim(v) AS value "
                f"FROM stage s, unnest(string_to_array(s.{column}, ';')) AS v"
            )
            conn.execute(
                f"CREATE TEMP TABLE stage_pairs ON COMMIT DROP AS SELECT e.id AS enterprise_id, "
                f"t.id AS {target_id} FROM stage_m2m m JOIN enterprises_enterprise e "
                f"ON e.credit_code = m.credit_code JOIN {target_join}"
            )
            conn.execute("ANALYZE stage_pairs")
            cur = conn.execute(
                f"INSERT INTO {m2m} (enterprise_id, {target_id}) SELECT enterprise_id, {target_id} "
                f"FROM stage_pairs ON CONFLICT DO NOTHING"
            )
            counts[f"{column}_pairs_added"] = cur.rowcount
            cur = conn.execute(
                f"""
                DELETE FROM {m2m} x
                USING stage s JOIN enterprises_enterprise e ON e.credit_code = s.credit_code
                WHERE x.enterprise_id = e.id AND NOT EXISTS (
                    SELECT 1 FROM stage_pairs p
                    WHERE p.enterprise_id = x.enterprise_id AND p.{target_id} = x.{target_id})
                """
            )
            counts[f"{column}_pairs_removed"] = cur.rowcount
        phases["m2m"] = time.perf_counter() - started - phases["copy"] - phases["upsert"]
        before_commit = time.perf_counter()
    phases["commit"] = time.perf_counter() - before_commit  # deferred foreign-key checks run here
    seconds = time.perf_counter() - started
    conn.close()
    report_to_parent({"seconds": seconds, **counts, "phases": {k: round(v, 2) for k, v in phases.items()}})


CHILDREN = {"setup": child_setup, "project": child_project, "baseline": child_baseline}


# ------------------------------------------------------------------ the parent
ENTERPRISE_TABLES = [
    "enterprises_enterprise_industries",
    "enterprises_enterprise_sources",
    "enterprises_historicalenterprise",
    "zones_importchange",
    "zones_importbatch",
    "enterprises_enterprise",
]


def reset_enterprises(database_url: str) -> None:
    """Back to the state after the base data: no enterprises, no batches, no history of them."""
    import psycopg

    with psycopg.connect(plain_dsn(database_url), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {', '.join(ENTERPRISE_TABLES)} RESTART IDENTITY")
        conn.execute("VACUUM ANALYZE enterprises_enterprise")


def checkpoint(database_url: str) -> None:
    import psycopg

    with psycopg.connect(plain_dsn(database_url), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def db_counts(database_url: str) -> tuple[int, int, int]:
    import psycopg

    with psycopg.connect(plain_dsn(database_url)) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "enterprises_enterprise",
                "enterprises_enterprise_industries",
                "enterprises_enterprise_sources",
            )
        )


def sqlite_counts(path: Path) -> tuple[int, int, int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "enterprises_enterprise",
                "enterprises_enterprise_industries",
                "enterprises_enterprise_sources",
            )
        )


def measure(label, kind, url, path, runs, counts_of):
    """Run one child `kind` and record its figures (and the database's row counts after it) under `label`."""
    result = run_child(SCRIPT, [kind, url, str(path)], label=label)
    if result.get("error_count"):
        raise SystemExit(f"{label}: the import reported errors: {result['errors']}")
    result["db_counts"] = counts_of()
    runs.setdefault(label, []).append(result)
    extra = {
        k: v for k, v in result.items() if k in ("created", "updated", "unchanged", "phases") or "pairs" in k
    }
    print(
        f"  {label:<34} {result['seconds']:7.2f} s  peak RSS {result['peak_rss_mb']:6.1f} MB  "
        f"rows/pairs after {result['db_counts']}  {json.dumps(extra)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure every run this many times (median shown)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database, the SQLite file and the CSV")
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help="PostgreSQL database to (re)create and use"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite runs")
    parser.add_argument(
        "--blank-english",
        type=float,
        default=0.5,
        metavar="SHARE",
        help="also import (PostgreSQL) a copy of the file with this share of English names left empty, "
        "as in files exported from Chinese systems (new rows then need pinyin slugs); 0 to skip",
    )
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        CHILDREN[args.child[0]](*args.child[1:])
        return

    url = args.database_url
    workdir = Path(tempfile.mkdtemp(prefix="za-bench-import-"))
    path = workdir / f"enterprises-{args.rows}.csv"
    sqlite_path = workdir / "bench.sqlite3"
    sqlite_url = f"sqlite:///{sqlite_path}"
    print(f"Zone Atlas import benchmark: {args.rows:,} enterprises; {machine_note()}")
    print(f"PostgreSQL: {url}   work dir: {workdir}", flush=True)
    runs: dict[str, list[dict]] = {}
    try:
        started = time.monotonic()
        recreate_database(url)
        run_child(SCRIPT, ["setup", url], label="setup (migrate + base data)")
        write_file(path, args.rows, base_refs(url))
        size_mb = path.stat().st_size / 1e6
        print(f"set-up {time.monotonic() - started:.1f} s; file {path.name}: {size_mb:.1f} MB", flush=True)
        if not args.no_sqlite:
            run_child(SCRIPT, ["setup", sqlite_url], label="setup SQLite")
        if args.blank_english > 0:
            blank_path = workdir / f"enterprises-{args.rows}-blank-english.csv"
            blank_english(path, blank_path, args.blank_english)
            blank_label = f"project import, {args.blank_english:.0%} no name_en (PostgreSQL)"

        for attempt in range(args.repeat):
            print(f"round {attempt + 1}/{args.repeat}", flush=True)
            pg_counts = lambda: db_counts(url)  # noqa: E731
            for step in ("baseline", "project"):
                reset_enterprises(url)
                for phase in ("import", "re-import"):
                    checkpoint(url)
                    measure(f"{step} {phase} (PostgreSQL)", step, url, path, runs, pg_counts)
            if args.blank_english > 0:
                reset_enterprises(url)
                checkpoint(url)
                measure(blank_label, "project", url, blank_path, runs, pg_counts)
            if not args.no_sqlite:
                shutil.copy(sqlite_path, workdir / "fresh.sqlite3") if attempt == 0 else shutil.copy(
                    workdir / "fresh.sqlite3", sqlite_path
                )
                for phase in ("import", "re-import"):
                    measure(
                        f"project {phase} (SQLite)", "project", sqlite_url, path, runs,
                        lambda: sqlite_counts(sqlite_path),
                    )  # fmt: skip
        print()
        print(report(runs, args.rows, size_mb))
    finally:
        if args.keep:
            print(f"\nkept: {url}, {workdir}")
        else:
            drop_database(url)
            shutil.rmtree(workdir, ignore_errors=True)


def report(runs: dict, rows: int, size_mb: float) -> str:
    def med(label, key="seconds"):
        values = [r[key] for r in runs.get(label, [])]
        return statistics.median(values) if values else None

    def spread(label):
        values = [r["seconds"] for r in runs.get(label, [])]
        return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else ""

    lines, verdicts = [], []
    for label in runs:
        seconds, rss = med(label), max(r["peak_rss_mb"] for r in runs[label])
        ratio = ""
        if label.startswith("project") and "PostgreSQL" in label:
            base = med(f"baseline {'re-import' if 're-import' in label else 'import'} (PostgreSQL)")
            ratio = f"{seconds / base:.2f}"
            verdict = "PASS" if seconds / base <= RATIO_TARGET else "FAIL"
            verdicts.append(f"{verdict}  {label}: {ratio}× the COPY baseline (target ≤ {RATIO_TARGET:.1f}×)")
        if label.startswith("project"):
            verdicts.append(
                f"{'PASS' if rss <= RSS_TARGET_MB else 'FAIL'}  {label}: peak RSS {rss:.0f} MB "
                f"(target ≤ {RSS_TARGET_MB:.0f} MB)"
            )
        lines.append([label, f"{seconds:.2f}", spread(label), f"{rows / seconds:,.0f}", f"{rss:.0f}", ratio])
    headers = ["run", "seconds", "min–max", "rows/s", "peak RSS MB", "project/COPY"]
    note = (
        f"{rows:,} rows, {size_mb:.1f} MB CSV; median of {len(next(iter(runs.values())))} run(s); "
        "times exclude interpreter and Django start-up; peak RSS = VmHWM of the run's own process"
    )
    return "\n".join([table(headers, lines), note, "", *verdicts])


if __name__ == "__main__":
    main()
