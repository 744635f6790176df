"""Check the read-replica router against a real streaming replica (issue 12 §5, "more than one machine").

    python bench/replica.py          # ~1 min; needs PostgreSQL 15's binaries, run as root or postgres

Starts a private primary (initdb in a temp dir, port 55432) and a streaming replica of it
(pg_basebackup -R, port 55433), migrates the primary, then in this process with DATABASE_URL = primary and
DATABASE_REPLICA_URL = replica:

1. an anonymous public page reads from the replica (the connection it used answers pg_is_in_recovery());
2. a write on the primary shows on the replica-served page once replayed, and the page cache's version
   (read from the replica) moves with it, so the cached page is replaced;
3. a signed-in request and the admin read from the primary.

Prints PASS/FAIL per check and stops both servers; the temp dir is removed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
PRIMARY_PORT, REPLICA_PORT = 55432, 55433
BASE_DIR = Path(__file__).resolve().parent.parent


def as_postgres(*command: str) -> None:
    """Run a PostgreSQL binary as the postgres user (the server refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)


def start_servers(root: Path) -> tuple[Path, Path]:
    primary, replica = root / "primary", root / "replica"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    as_postgres(str(BIN / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres", "--no-sync")
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
        )
    with open(primary / "pg_hba.conf", "a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    as_postgres(str(BIN / "pg_ctl"), "-D", str(primary), "-w", "-l", str(root / "primary.log"), "start")
    as_postgres(
        str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
        "-D", str(replica), "-R", "-X", "stream",
    )  # fmt: skip
    with open(replica / "postgresql.conf", "a") as conf:
        conf.write(f"port = {REPLICA_PORT}\n")
    as_postgres(str(BIN / "pg_ctl"), "-D", str(replica), "-w", "-l", str(root / "replica.log"), "start")
    return primary, replica


def stop_servers(root: Path) -> None:
    for name in ("replica", "primary"):
        if (root / name / "postmaster.pid").exists():
            as_postgres(str(BIN / "pg_ctl"), "-D", str(root / name), "-m", "fast", "stop")


def checks() -> list[tuple[str, bool]]:
    """Run in a child process configured for the two servers."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from tests.factories import ZoneFactory

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    zone = ZoneFactory(name_en="Replica Test Park")
    results = []

    def replayed(predicate, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return False

    def on_replica(sql, params=()):
        with connections["replica"].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    results.append(("replica is in recovery (a real standby)", on_replica("SELECT pg_is_in_recovery()")[0]))
    replayed(lambda: on_replica("SELECT count(*) FROM zones_zone WHERE id = %s", [zone.pk])[0] == 1)
    client = Client()
    from django.test.utils import CaptureQueriesContext

    with (
        CaptureQueriesContext(connections["replica"]) as on_rep,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get("/zones/")
    results.append(("public page read from the replica", len(on_rep) > 0 and len(on_primary) == 0))
    results.append(("public page shows the replicated row", "Replica Test Park" in page.content.decode()))

    zone.name_en = "Replica Test Park renamed"
    zone.save()  # on the primary
    replayed(
        lambda: on_replica("SELECT name_en FROM zones_zone WHERE id = %s", [zone.pk])[0].endswith("renamed")
    )
    again = client.get("/zones/")
    results.append(("after replay the page shows the write", "renamed" in again.content.decode()))

    from django.contrib.auth.models import User

    staff = User.objects.create_user("replica-staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    with CaptureQueriesContext(connections["replica"]) as on_rep:
        client.get("/admin/zones/zone/")
        client.get("/zones/")
    results.append(("signed-in requests and the admin read from the primary", len(on_rep) == 0))
    return results


def main() -> None:
    if "--child" in sys.argv:
        ok = True
        for label, passed in checks():
            print(f"{'PASS' if passed else 'FAIL'}  {label}")
            ok &= bool(passed)
        sys.exit(0 if ok else 1)
    root = Path(tempfile.mkdtemp(prefix="za-replica-"))
    try:
        start_servers(root)
        as_postgres(
            str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres", "atlas"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ATLAS_", "DATABASE_"))}
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/atlas",
            DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/atlas",
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="1",
            ATLAS_PAGE_CACHE="1",
        )
        out = subprocess.run([sys.executable, __file__, "--child"], cwd=BASE_DIR, env=env)
        sys.exit(out.returncode)
    finally:
        stop_servers(root)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    pwd.getpwnam("postgres")  # the servers run as this user
    main()
