"""The header of a file: which canonical column each header cell names (names, Chinese and published
aliases, or the clerk's own mapping), which cells are ignored (listed in a warning), which look like a
misspelt column (an error), and which required columns are missing (an error naming what the file has
and what would work)."""

from __future__ import annotations

import difflib

from .columns import canonical_header, header_names
from .messages import shown_value


def header_name(spec, raw: str, mapping: dict) -> str | None:
    """The canonical column a header cell names: the clerk's own mapping first, then names and aliases."""
    if raw in mapping:
        return mapping[raw] if mapping[raw] in spec.names else None
    return canonical_header(raw, spec.names)


def missing_columns(spec, header: list[str], mapping: dict) -> list[str]:
    found = {header_name(spec, raw, mapping) for raw in header if raw.strip()}
    return [c.name for c in spec.columns if c.required and c.name not in found]


def _misspelt(spec, raw: str) -> str:
    """The canonical column an unknown ASCII header cell looks like a typo of ('' when none): such a
    column is an error, not silently ignored, because the clerk meant to fill that column."""
    if not raw.isascii():
        return ""
    snake = raw.strip().lower().replace(" ", "_").replace("-", "_")
    match = difflib.get_close_matches(snake, spec.names, n=1, cutoff=0.75)
    return match[0] if match else ""


def check_header(spec, raw_header: list[str], ctx, mapping: dict) -> list[str]:
    """Canonical column per header cell ('' for ignored cells). Unknown columns are ignored and listed
    in a warning, except near-misses of a column name (errors); missing required columns are errors
    naming the columns found and the names that would work."""
    header, ignored, seen = [], [], {}
    for position, raw in enumerate(raw_header, start=1):
        name = header_name(spec, raw, mapping) if raw.strip() else None
        if name is None:
            header.append("")
            if raw.strip() and (typo := _misspelt(spec, raw)) and raw not in mapping:
                valid = ", ".join(c.name for c in spec.columns)
                ctx.error(
                    1,
                    raw,
                    raw,
                    f"is not a column of {spec.kind}; did you mean {typo}? Valid columns: {valid}",
                )
            elif raw.strip():
                ignored.append(raw)
        elif name in seen:
            ctx.error(1, name, raw, f"names the same column as header cell {seen[name]}")
            header.append("")
        else:
            seen[name] = position
            header.append(name)
    ctx.result.header = list(raw_header)
    ctx.result.mapping = {raw: name for raw, name in zip(raw_header, header, strict=True) if raw.strip()}
    if ignored:
        ctx.warn(
            f"{len(ignored)} column(s) will be ignored (not columns of {spec.kind}): "
            + ", ".join(shown_value(raw) for raw in ignored)
        )
    missing = [c.name for c in spec.columns if c.required and c.name not in seen]
    if missing:
        ctx.error(1, ", ".join(missing), None, _missing_message(spec, missing, raw_header))
    return header


def _missing_message(spec, missing: list[str], raw_header: list[str]) -> str:
    found = [raw for raw in raw_header if raw.strip()]
    unused = [raw for raw in found if canonical_header(raw, spec.names) is None]
    parts = [f"missing required column(s): {', '.join(missing)}."]
    listed = ", ".join(shown_value(f) for f in found[:60]) or "(none)"
    parts.append(f"The file's columns are: {listed}.")
    for name in missing:
        names = header_names(name)
        near = [raw for raw in unused if difflib.get_close_matches(raw.strip(), names, n=1, cutoff=0.6)]
        near += [raw for raw in unused if any(n in raw or raw.strip() in n for n in names if not n.isascii())]
        hint = f" ('{near[0]}' is closest: map it by hand in the admin preview)" if near else ""
        parts.append(f"Headers read as {name}: {', '.join(names)}{hint}.")
    return " ".join(parts)
