"""Chinese spelled in pinyin: one capitalised word per name, and ASCII slugs.

pypinyin is imported only when Chinese text needs it (an ASCII slug never loads it), and without its own
47,000-phrase dictionary (~45 MB in every process that spells): ``pinyin_phrases.csv`` holds the 3,541
phrases that change a spelling (see bin/trim_pinyin_phrases.py). On the bundled names the spellings are
pypinyin's own except five, where the full dictionary's 州长/市长 split wins over the company's name
(常州长青 chang zhou zhang qing); tests/atlas/test_naming.py pins them.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from functools import cache

from .data import HERE, PINYIN_OVERRIDES

HAN = re.compile(r"[\u3400-\u9fff]")


def _syllables(text: str) -> list[str]:
    """Toneless pinyin syllables of a run of Chinese, with the place-name polyphone fixes applied."""
    spell = _speller()
    out: list[str] = []
    at = 0
    for match in _overrides().finditer(text):
        if match.start() > at:
            out.extend(spell(text[at : match.start()]))
        out.extend(PINYIN_OVERRIDES[match.group()].split())
        at = match.end()
    if at < len(text):
        out.extend(spell(text[at:]))
    return out


@cache
def _speller():
    """pypinyin's lazy_pinyin (toneless, ü kept) through one instance whose converter remembers each word.

    pypinyin cuts a text into dictionary words and converts each on its own, so a remembered word reads
    exactly as a fresh conversion would. Names repeat their words (科技, 有限公司, 股份, place names):
    an import of 100,000 new names spent most of its spelling time converting the same words again, and
    the module-level ``lazy_pinyin`` also builds a new converter on every call."""
    # Read by pypinyin when first imported: no built-in phrases, and no private copy of its dictionaries.
    # Set only for that import, so that child processes (bin/trim_pinyin_phrases.py) get pypinyin whole.
    flags = {"PYPINYIN_NO_PHRASES": "1", "PYPINYIN_NO_DICT_COPY": "1"}
    before = {name: os.environ.get(name) for name in flags}
    os.environ.update(flags)
    try:
        from pypinyin import Style, load_phrases_dict
        from pypinyin.converter import UltimateConverter
        from pypinyin.core import Pinyin
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value

    load_phrases_dict(_phrases())

    class RememberingConverter(UltimateConverter):
        limit = 100_000  # words; a bound on memory, far above what a file of names holds

        def __init__(self):
            super().__init__(v_to_u=True)
            self.known: dict[tuple, list] = {}

        def convert(self, words, style, heteronym, errors, strict, **kwargs):
            key = (words, style, heteronym, errors, strict)
            found = self.known.get(key)
            if found is None:
                if len(self.known) >= self.limit:
                    self.known.clear()
                found = self.known[key] = super().convert(words, style, heteronym, errors, strict, **kwargs)
            return [list(syllables) for syllables in found]

    pinyin = Pinyin(RememberingConverter())
    return lambda text: pinyin.lazy_pinyin(text, style=Style.NORMAL, errors="default")


def _phrases() -> dict[str, list[list[str]]]:
    """pinyin_phrases.csv as pypinyin's phrase dictionary has it: {phrase: [[syllable], …]}."""
    with (HERE / "pinyin_phrases.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["phrase"]: [[syllable] for syllable in row["pinyin"].split()] for row in rows}


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
