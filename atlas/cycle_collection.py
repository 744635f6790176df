"""Pausing Python's cyclic garbage collector around loops that allocate an object or more per row.

The collector runs after every few hundred new container objects and walks them, and in its oldest
generation everything alive: a loop over 100,000 rows that keeps what it reads (lookups, keys seen,
fetched rows) pays for walking all of it again and again. Reference counting still frees every object
that is not part of a cycle; the rows, records and dicts of these loops are not, and whatever cycle
does form is collected when the collector runs again after the loop.
"""

import gc
from contextlib import contextmanager


@contextmanager
def without_cycle_collection():
    """Measured: building the facet index of 100,000 enterprises 400 → 240 ms; re-importing 30,000
    unchanged enterprises 2.5–3.2 → 2.0–2.5 s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
