"""What both benchmarks share: Django set-up from a script, throw-away databases, child processes, tables.

The benchmarks are scripts (`python bench/pages.py`), not part of the product or the test suite: they
create their own PostgreSQL databases and drop them afterwards unless told `--keep`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BASE_KINDS = ["sources", "provinces", "prefectures", "industries", "zones"]  # what enterprises refer to
RESULT_MARK = "@@BENCH-RESULT@@ "

if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def setup_django(database_url: str) -> None:
    """Configure Django for `database_url` in this process (DEBUG off: it would keep every query)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()


# ------------------------------------------------------------------ PostgreSQL databases
def split_database_url(url: str) -> tuple[str, str]:
    """(URL of the server's `postgres` database, name of the database in `url`)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def _admin_execute(url: str, sql: str) -> None:
    import psycopg

    server, _ = split_database_url(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


def recreate_database(url: str) -> None:
    """Drop (if it exists) and create the database named in `url`."""
    _, name = split_database_url(url)
    _admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_execute(url, f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    _, name = split_database_url(url)
    _admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def plain_dsn(url: str) -> str:
    """A libpq connection string from a Django-style postgres:// URL."""
    return url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url


# ------------------------------------------------------------------ child processes
def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report_to_parent(result: dict) -> None:
    """Called in a child: hand `result` (plus the child's peak RSS) back to the parent."""
    result = {**result, "peak_rss_mb": peak_rss_mb()}
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


def run_child(script: Path, args: list[str], *, label: str) -> dict:
    """Run `script --child …` in a fresh interpreter (so its peak RSS is its own) and return its result."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script), "--child", *args],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )
    wall = time.monotonic() - started
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK) :])
    if proc.returncode != 0 or result is None:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"{label}: child process failed (exit {proc.returncode})")
    result["wall_seconds"] = wall
    return result


# ------------------------------------------------------------------ output
def table(headers: list[str], rows: list[list], aligns: str | None = None) -> str:
    """A plain-text table; `aligns` is one of l/r per column (default: first left, others right)."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    aligns = aligns or "l" + "r" * (len(headers) - 1)

    def line(row):
        return "  ".join(
            cell.ljust(w) if a == "l" else cell.rjust(w)
            for cell, w, a in zip(row, widths, aligns, strict=True)
        ).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def machine_note() -> str:
    """Load average and CPU count, to judge how noisy a run was."""
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return (
        f"{os.cpu_count()} CPUs, load average {load}, {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}"
    )
