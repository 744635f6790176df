"""Chinese spelled in pinyin: one capitalised word per name, and ASCII slugs.

pypinyin loads a phrase dictionary of some 80 MB, so it is imported only when Chinese text needs it:
an ASCII slug (most imported rows carry an English name) never loads it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .data import PINYIN_OVERRIDES

HAN = re.compile(r"[\u3400-\u9fff]")


def _syllables(text: str) -> list[str]:
    """Toneless pinyin syllables of a run of Chinese, with the place-name polyphone fixes applied."""
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    at = 0
    for match in _overrides().finditer(text):
        if match.start() > at:
            out.extend(
                lazy_pinyin(text[at : match.start()], style=Style.NORMAL, v_to_u=True, errors="default")
            )
        out.extend(PINYIN_OVERRIDES[match.group()].split())
        at = match.end()
    if at < len(text):
        out.extend(lazy_pinyin(text[at:], style=Style.NORMAL, v_to_u=True, errors="default"))
    return out


@cache
def _overrides() -> re.Pattern:
    """The override words as one pattern, longest first, so the longest fix wins where two could start
    (one scan of the text instead of a startswith per word and position: the import spells every name)."""
    return re.compile("|".join(re.escape(key) for key in sorted(PINYIN_OVERRIDES, key=len, reverse=True)))


def pinyin_word(text: str) -> str:
    """One capitalised pinyin word, with the apostrophe pinyin uses before a, o, e (西安 → Xi'an)."""
    syllables = [s for s in _syllables(text) if s.strip()]
    word = ""
    for index, syllable in enumerate(syllables):
        if index and syllable[:1] in "aoe" and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def ascii_slug(text: str, max_length: int = 100) -> str:
    """Kebab-case of ASCII text, cut at a word boundary: "Xi'an High-tech Zone" → "xian-high-tech-zone"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"['’]", "", text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def derive_slug(text: str, max_length: int = 100) -> str:
    """ASCII kebab-case: 'Xi'an High-tech Zone' → 'xian-high-tech-zone'; Chinese is spelled in pinyin."""
    text = text or ""
    if HAN.search(text):
        text = " ".join(
            pinyin_word(part) if HAN.match(part) else part for part in re.split(r"([\u3400-\u9fff]+)", text)
        )
    return ascii_slug(text, max_length)
