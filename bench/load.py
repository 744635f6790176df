"""Load benchmark (issue 12 §5): the production server under 64 connections, a public mix beside a
trivial page, read-only and with one enterprise write per second.

    python bench/load.py                      # ~3 min; needs PostgreSQL at 127.0.0.1:5432 and `wrk`

Creates a database, migrates it, loads the bundled real data (`load_atlas`), collects static files into
a temp dir, starts gunicorn (config/gunicorn.py) with 2 workers on 127.0.0.1, and drives it with wrk:

1. the trivial page (a 404: the whole middleware stack, one template, no query) -- the ceiling;
2. the public mix (bench/pages.py's pages: lists with facets, searches, details) with the page cache off,
   i.e. every request rendered, as before this issue;
3. the public mix with the exact page cache on (config.page_cache);
4. as 3, with one enterprise write per second from another connection (each changes the data version,
   so every page is rendered again once, and makes each worker rebuild its facet index in the background).

Each run is preceded by a short warm-up. Reported: requests/s, p50/p95/p99 latency, errors (connection,
timeout, non-2xx/3xx), and the mix's throughput as a share of the trivial page's. Targets: mix (cached)
≥ 50% of the trivial page; with writes, p95 ≤ 2 × the read-only p95 and 0 errors. The machine is shared:
figures move with its load, printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BASE_DIR,
    drop_database,
    machine_note,
    plain_dsn,
    recreate_database,
    setup_django,
    table,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/za_bench_load"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_mix.lua"


def server_env(database_url: str, static_root: str, page_cache: bool, redis_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ATLAS_", "GUNICORN_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=static_root,
        ATLAS_PAGE_CACHE="1" if page_cache else "0",
        GUNICORN_ACCESS_LOG="",
        WEB_CONCURRENCY="2",
    )
    if redis_url:  # one cache shared by both workers, as in production
        env["REDIS_URL"] = redis_url
    return env


def start_server(env: dict, port: int) -> subprocess.Popen:
    import socket

    with socket.socket() as probe:  # another server on the port would answer the health check for us
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use; pass --port")
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    # The server's log goes to a file: a pipe nobody reads fills up (every 404 logs a line) and then
    # blocks the workers.
    log = tempfile.NamedTemporaryFile("w+", prefix="za-bench-gunicorn-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    server.log_path = log.name
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz: " + Path(server.log_path).read_text()[-2000:])


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    time.sleep(2)  # let the workers' listening sockets close
    os.unlink(server.log_path)


def wrk(port: int, paths: list[str], seconds: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(WRK_SCRIPT),
                f"http://127.0.0.1:{port}",
            ],
            env={**os.environ, "BENCH_URLS": listing.name},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(listing.name)
    line = next(line for line in out.stdout.splitlines() if line.startswith("@@WRK "))
    result = json.loads(line[len("@@WRK ") :])
    if not result["requests"]:
        print(out.stdout, out.stderr, flush=True)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


class Writer(threading.Thread):
    """One enterprise write per second (a facet column, so the facet index must be rebuilt too)."""

    def __init__(self, database_url: str, ids: list[int]):
        super().__init__(daemon=True)
        self.database_url, self.ids = database_url, ids
        self.stop, self.writes = threading.Event(), 0

    def run(self):
        import psycopg

        with psycopg.connect(plain_dsn(self.database_url), autocommit=True) as conn:
            while not self.stop.wait(1.0):
                conn.execute(
                    "UPDATE enterprises_enterprise SET board = CASE WHEN board = 'star' THEN 'main' "
                    "ELSE 'star' END WHERE id = %s",
                    [random.choice(self.ids)],
                )
                self.writes += 1


def public_mix() -> list[str]:
    from pages import pages  # bench/pages.py: the same pages its per-page figures cover

    from enterprises.models import Enterprise

    paths = [path for _label, path in pages() if path]
    return paths, list(Enterprise.objects.values_list("pk", flat=True))


def check_paths(port: int, paths: list[str]) -> None:
    for path in paths:
        url = f"http://127.0.0.1:{port}{urllib.parse.quote(path, safe='/?=&%')}"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200, (path, response.status)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seconds", type=int, default=20, help="length of each measured run")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=28765)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--redis", default="", help="REDIS_URL for the servers' cache (default: per worker)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (apt-get install wrk)")

    print(machine_note(), flush=True)
    recreate_database(args.database_url)
    static_root = tempfile.mkdtemp(prefix="za-bench-static-")
    try:
        setup_django(args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_atlas", verbosity=0)
        os.environ["DJANGO_STATIC_ROOT"] = static_root
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=server_env(args.database_url, static_root, True),
            check=True,
            capture_output=True,
        )
        paths, ids = public_mix()
        print(f"public mix: {len(paths)} pages; {len(ids)} enterprises", flush=True)
        trivial = ["/no-such-page/"]
        results = []

        def run(label, port, which, writer=None):
            wrk(port, which, args.warmup, args.connections, args.threads)
            if writer:
                writer.start()
            result = wrk(port, which, args.seconds, args.connections, args.threads)
            if writer:
                writer.stop.set()
                writer.join()
                result["writes"] = writer.writes
            result["label"] = label
            if which is trivial:  # its 404s are the point; only failed connections count as errors
                result["errors"] -= result["status"]
            results.append(result)
            print(f"  {label}: {json.dumps(result)}", flush=True)
            return result

        for page_cache in (False, True):
            env = server_env(args.database_url, static_root, page_cache, args.redis)
            server = start_server(env, args.port)
            try:
                check_paths(args.port, paths)
                if not page_cache:
                    base = run("trivial page (404)", args.port, trivial)
                    run("public mix, no page cache", args.port, paths)
                else:
                    read_only = run("public mix, page cache", args.port, paths)
                    writes = run(
                        "public mix, page cache, 1 write/s", args.port, paths, Writer(args.database_url, ids)
                    )
            finally:
                stop_server(server)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(args.database_url)

    rows = [
        [
            r["label"],
            f"{r['rps']:.1f}",
            f"{100 * r['rps'] / base['rps']:.1f}%",
            f"{r['p50_us'] / 1000:.1f}",
            f"{r['p95_us'] / 1000:.1f}",
            f"{r['p99_us'] / 1000:.1f}",
            str(r["errors"]),
            str(r.get("writes", "")),
        ]
        for r in results
    ]
    print()
    print(
        f"{args.connections} connections, {args.seconds} s per run, gunicorn 2 workers, wrk -t{args.threads}"
    )
    print(table(["run", "req/s", "of trivial", "p50 ms", "p95 ms", "p99 ms", "errors", "writes"], rows))
    share = read_only["rps"] / base["rps"]
    ratio = writes["p95_us"] / read_only["p95_us"]
    print()
    print(
        f"mix (cached) / trivial = {100 * share:.1f}%  (target ≥ 50%): {'PASS' if share >= 0.5 else 'FAIL'}"
    )
    print(f"p95 with writes / read-only = {ratio:.2f}  (target ≤ 2): {'PASS' if ratio <= 2 else 'FAIL'}")
    errors = sum(r["errors"] for r in results)
    print(f"errors: {errors}  (target 0): {'PASS' if errors == 0 else 'FAIL'}")
    print(machine_note())


if __name__ == "__main__":
    main()
