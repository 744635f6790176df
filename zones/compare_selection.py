"""The zones chosen for comparison, as the address carries them: ``?zones=a,b,c`` on /compare/,
``?compare=a,b`` on the zones list and the zone pages opened from it. One reading serves both."""

MAX_ZONES = 4  # as many as the compare page shows side by side


def parse_selection(raw: str) -> list[str]:
    """Slugs from "a,b,c": deduplicated, in order, at most MAX_ZONES (the rest are dropped)."""
    slugs = []
    for part in raw[:1000].split(","):
        slug = part.strip().lower()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs[:MAX_ZONES]
