"""Write atlas/naming/pinyin_phrases.csv: the part of pypinyin's phrase dictionary that changes a spelling.

    .venv/bin/python bin/trim_pinyin_phrases.py            # rewrite the file from the installed pypinyin
    .venv/bin/python bin/trim_pinyin_phrases.py --check    # exit 1 when the file is not what it would write

pypinyin's 47,000 phrases cost an import process ~45 MB once loaded. Most of them read exactly as their
characters' first readings, which pypinyin gives without a phrase, so the atlas loads pypinyin without its
phrases (PYPINYIN_NO_PHRASES) and adds back only:

1. every phrase whose toneless reading differs from its characters' first readings (银行 yin hang, 重庆
   chong qing), and
2. until none is left, every phrase that the phrases kept so far would spell differently from the full
   dictionary when it stands alone (a kept phrase starting inside it would otherwise take its characters).

tests/atlas/test_naming.py compares the spellings with the full dictionary's on the bundled names.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "atlas" / "naming" / "pinyin_phrases.csv"


def toneless(syllable: str) -> str:
    from pypinyin import Style
    from pypinyin.style import convert

    return convert(syllable, Style.NORMAL, strict=True)


def trimmed() -> dict[str, list[str]]:
    """{phrase: its syllables with tone marks}, as pypinyin's dictionary has them."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.seg.mmseg import PrefixSet, Seg

    def first_reading(char: str) -> str:
        readings = PINYIN_DICT.get(ord(char))
        return toneless(readings.split(",")[0]) if readings else char

    full = {phrase: [toneless(s[0]) for s in readings] for phrase, readings in PHRASES_DICT.items()}
    kept = {phrase for phrase, spelt in full.items() if spelt != [first_reading(c) for c in phrase]}

    def spell(text: str, kept: set, cut) -> list[str]:
        """pypinyin's spelling with only the `kept` phrases: maximal forward match, then each word."""
        return [s for word in cut(text) for s in (full[word] if word in kept else map(first_reading, word))]

    while True:
        prefixes = PrefixSet()
        prefixes.train(kept)
        cut = Seg(prefixes).cut
        missing = {p for p, spelt in full.items() if p not in kept and spell(p, kept, cut) != spelt}
        if not missing:
            return {phrase: [s[0] for s in PHRASES_DICT[phrase]] for phrase in sorted(kept)}
        kept |= missing


def render(phrases: dict[str, list[str]]) -> str:
    import pypinyin

    out = io.StringIO()
    version = pypinyin.__version__
    out.write(f"# pypinyin {version} phrases that change a spelling (bin/trim_pinyin_phrases.py)\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["phrase", "pinyin"])
    writer.writerows((phrase, " ".join(syllables)) for phrase, syllables in phrases.items())
    return out.getvalue()


def main() -> int:
    text = render(trimmed())
    if "--check" in sys.argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run bin/trim_pinyin_phrases.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({text.count(chr(10)) - 2:,} phrases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
