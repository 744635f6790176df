"""Which kinds can be imported and exported, and the spec that knows each.

Each app registers its own kinds from `AppConfig.ready()`, so `zones` never imports the apps above it.
"""

from __future__ import annotations

_SPECS: dict[str, type] = {}
# The order the bundled loader uses: each kind only refers to kinds before it.
ORDER = [
    "sources",
    "provinces",
    "prefectures",
    "industries",
    "zones",
    "statistics",
    "enterprises",
    "policies",
]


def register(kind: str, spec: type) -> None:
    _SPECS[kind] = spec


def get(kind: str):
    """A fresh spec instance for `kind` (specs hold per-run lookups, so never share one)."""
    try:
        return _SPECS[kind]()
    except KeyError:
        raise KeyError(f"unknown kind '{kind}'; expected one of: {', '.join(kinds())}") from None


def kinds() -> list[str]:
    return sorted(_SPECS, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
