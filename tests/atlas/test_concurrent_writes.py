"""Writers never wait on each other through change tracking, and readers never wait on a rebuild.

These need real concurrent connections, so they run on PostgreSQL with committed data.
"""

import threading
import time

import pytest
from django.db import connection

from atlas import facet_index as facet_index_module
from atlas.data_versions import changed_since, stamp
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs concurrent PostgreSQL sessions"),
]

UPDATE = "UPDATE enterprises_enterprise SET board = %s WHERE id = %s"


def _session():
    import psycopg

    session = psycopg.connect(**connection.get_connection_params())
    session.execute("SET lock_timeout = '10s'")
    return session


def test_two_writers_touching_enterprises_in_different_orders_do_not_deadlock():
    """Session 1 updates A, session 2 updates B, session 1 then updates B and waits for session 2's
    commit. With one shared version row, session 2's statement trigger waited for session 1's lock on
    that row while holding B: PostgreSQL detected a deadlock and aborted one of them."""
    a, b = EnterpriseFactory(board="main"), EnterpriseFactory(board="main")
    held = stamp("enterprises.enterprise")
    one, two = _session(), _session()
    errors = []
    second_wrote = threading.Event()

    def session_two():
        try:
            two.execute(UPDATE, ["star", b.pk])
            second_wrote.set()
            time.sleep(0.5)  # session 1 is now waiting for B
            two.commit()
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
            second_wrote.set()

    try:
        one.execute(UPDATE, ["chinext", a.pk])
        worker = threading.Thread(target=session_two)
        worker.start()
        assert second_wrote.wait(5), "session 2 could not update B while session 1 held A"
        one.execute(UPDATE, ["chinext", b.pk])
        one.commit()
        worker.join(10)
    finally:
        one.close()
        two.close()
    assert errors == []
    assert dict(Enterprise.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "board")) == {
        a.pk: "chinext",
        b.pk: "chinext",
    }
    assert changed_since("enterprises.enterprise", held)


def test_an_admin_save_during_a_long_import_neither_waits_nor_aborts_it():
    """The import's transaction keeps writing; a save of another enterprise commits at once."""
    first, other = EnterpriseFactory(board="main"), EnterpriseFactory(board="main")
    importer = _session()
    with connection.cursor() as cursor:  # fail, rather than hang, if the save has to wait
        cursor.execute("SET lock_timeout = '3s'")
    try:
        importer.execute(UPDATE, ["star", first.pk])  # the import is under way and has not committed
        started = time.monotonic()
        Enterprise.objects.filter(pk=other.pk).update(board="bse")  # the admin save (autocommit)
        assert time.monotonic() - started < 2
        importer.execute(UPDATE, ["star", other.pk])  # the import reaches the saved row later
        importer.commit()
    finally:
        importer.close()
    assert Enterprise.objects.get(pk=other.pk).board == "star"


def test_a_commit_out_of_id_order_is_still_seen():
    """Change ids are handed out at insert: a transaction holding an older id that commits after a
    newer one must still mark the copy stale (a "max id" version would miss it)."""
    a, b = EnterpriseFactory(), EnterpriseFactory()
    slow, fast = _session(), _session()
    try:
        slow.execute(UPDATE, ["star", a.pk])  # older change id, not committed yet
        fast.execute(UPDATE, ["star", b.pk])
        fast.commit()
        held = stamp("enterprises.enterprise")  # a rebuild now sees b's change but not a's
        assert not changed_since("enterprises.enterprise", held)
        slow.commit()
        assert changed_since("enterprises.enterprise", held)
    finally:
        slow.close()
        fast.close()


def test_readers_keep_the_previous_index_while_one_background_rebuild_runs(settings, monkeypatch):
    from enterprises.filters import ENTERPRISE_INDEX

    settings.ATLAS_FACET_INDEX_REBUILD = "background"
    monkeypatch.setattr(facet_index_module, "_copies", {})  # no copy left by earlier tests: a first build
    EnterpriseFactory(board="main")
    built = facet_index_module.facet_index(ENTERPRISE_INDEX)
    assert built.counts("board", built.everything()) == {"main": 1}

    gate = threading.Event()
    builds = []
    real_build = facet_index_module._build

    def slow_build(spec, using):
        builds.append(threading.current_thread().name)
        gate.wait(10)  # hold the rebuild until the readers below have been answered
        return real_build(spec, using)

    monkeypatch.setattr(facet_index_module, "_build", slow_build)
    EnterpriseFactory(board="star")
    started = time.monotonic()
    for _ in range(5):  # five requests during the rebuild: answered at once, from the previous copy
        assert facet_index_module.facet_index(ENTERPRISE_INDEX) is built
    assert time.monotonic() - started < 5  # well before the held rebuild (10 s) could have finished
    assert builds == ["facet-index"]  # one rebuild, in its own thread
    gate.set()
    deadline = time.monotonic() + 10
    while facet_index_module.facet_index(ENTERPRISE_INDEX) is built and time.monotonic() < deadline:
        time.sleep(0.05)
    fresh = facet_index_module.facet_index(ENTERPRISE_INDEX)
    assert fresh.counts("board", fresh.everything()) == {"main": 1, "star": 1}
