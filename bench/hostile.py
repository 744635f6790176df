"""Hostile files through the import pipeline: time and peak memory of each, in a fresh process.

    .venv/bin/python bench/hostile.py [--database-url postgres://postgres@127.0.0.1:5432/za_bench_hostile]
                                      [--only NAME] [--keep]

Generates the files of issue 8's acceptance run in a temp dir (tests/imports/hostile.py writes them,
streaming): 3,000,000 identical rows as a ~0.8 MB XLSX, one 100 MB shared string in a ~0.1 MB XLSX,
deeply nested JSON, a CSV with a NUL byte, a mis-encoded CSV, an XLSX that unpacks to 2 GB. Each is
imported (not a dry run: a rejected file also records its failed batch) by `run_import` in its own
child process on a fresh PostgreSQL database with the bundled base data, so its peak RSS (VmHWM) is its
own. Reports the time, peak RSS, the first error (cut) and the size of the batch's stored errors.
Target: every file answered with an error, peak RSS ≤ 200 MB (the import's usual bound).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    BASE_DIR,
    drop_database,
    machine_note,
    recreate_database,
    report_to_parent,
    run_child,
    setup_django,
    table,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/za_bench_hostile"
RSS_TARGET_MB = 200


def files(folder: Path) -> dict[str, Path]:
    from tests.imports import hostile

    return {
        "3M identical rows (xlsx)": hostile.identical_rows_xlsx(folder / "rows-3m.xlsx", 3_000_000),
        # Under the row limit: refused by the error cap, after openpyxl's own pass over an unsized sheet.
        "490k identical rows (xlsx)": hostile.identical_rows_xlsx(folder / "rows-490k.xlsx", 490_000),
        "100 MB shared string (xlsx)": hostile.shared_string_xlsx(folder / "string-100mb.xlsx", 100 << 20),
        "100 MB inline cell (xlsx)": hostile.inline_string_xlsx(folder / "inline-100mb.xlsx", 100 << 20),
        "2 GB unpacked (xlsx zip bomb)": hostile.zip_bomb_xlsx(folder / "bomb.xlsx", 2 << 30),
        "nested JSON (1M deep)": hostile.nested_json(folder / "deep.json", 1_000_000),
        "NUL byte (csv)": hostile.nul_csv(folder / "nul.csv"),
        "mis-encoded (csv)": hostile.misencoded_csv(folder / "latin1.csv"),
    }


def child_setup(database_url: str) -> None:
    setup_django(database_url)
    from django.core.management import call_command

    from imports.engine import run_import

    call_command("migrate", verbosity=0)
    for kind in ("sources", "provinces", "industries", "zones"):
        run_import(kind, BASE_DIR / "data" / f"{kind}.csv")
    report_to_parent({})


def child_import(database_url: str, path: str) -> None:
    setup_django(database_url)
    from django.db import connection

    from imports.engine import run_import

    connection.ensure_connection()
    started = time.perf_counter()
    result = run_import("enterprises", path)
    seconds = time.perf_counter() - started
    stored = len(json.dumps(result.batch.errors, ensure_ascii=False)) if result.batch else 0
    report_to_parent(
        {
            "seconds": seconds,
            "error_count": len(result.errors),
            "first_error": str(result.errors[0])[:160] if result.errors else "",
            "stored_errors_bytes": stored,
        }
    )


CHILDREN = {"setup": child_setup, "import": child_import}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--only", default="", help="run the files whose label contains this text")
    parser.add_argument("--keep", action="store_true", help="keep the database and the files")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        CHILDREN[args.child[0]](*args.child[1:])
        return
    script = Path(__file__).resolve()
    print(f"Hostile import files; {machine_note()}", flush=True)
    recreate_database(args.database_url)
    folder = Path(tempfile.mkdtemp(prefix="za-bench-hostile-"))
    try:
        run_child(script, ["setup", args.database_url], label="setup")
        rows = []
        for label, path in files(folder).items():
            if args.only not in label:
                continue
            result = run_child(script, ["import", args.database_url, str(path)], label=label)
            rss = result["peak_rss_mb"]
            rows.append(
                [
                    label,
                    f"{path.stat().st_size / 1024:,.0f} KB",
                    f"{result['seconds']:.2f} s",
                    f"{rss:.0f} MB",
                    "PASS" if rss <= RSS_TARGET_MB and result["error_count"] else "FAIL",
                    result["error_count"],
                    f"{result['stored_errors_bytes']:,} B",
                    result["first_error"],
                ]
            )
            print(f"  {label}: done", flush=True)
        headers = ["file", "size", "time", "peak RSS", f"≤{RSS_TARGET_MB} MB", "errors", "stored", "first"]
        print(table(headers, rows, "lrrrlrrl"))
        print("time inside the child around run_import; peak RSS = VmHWM of the child (Django included)")
    finally:
        if not args.keep:
            drop_database(args.database_url)
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept {folder} and {args.database_url}", file=sys.stderr)


if __name__ == "__main__":
    main()
