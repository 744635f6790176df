#!/usr/bin/env python
"""Check the translation catalogues; exits 1 with a list of problems. Run by `make check-translations`
and by tests/test_translations.py (CI).

1. Every template's visible text and its title/alt/placeholder/aria-label attributes are inside
   {% translate %} / {% blocktranslate %} (text that is only punctuation, digits or template variables
   passes). Mark a deliberate exception with {# notranslate #} on the same line.
2. The catalogue is current: `makemessages` would not add or drop a msgid (needs GNU gettext's xgettext;
   skipped with a notice when it is missing, unless --require-gettext).
3. Every msgid has a translation that is not fuzzy.
4. Each shipped .mo holds exactly its .po's translations (compiled by `make messages`; pure Python check).

Usage: python bin/check_translations.py [--require-gettext]
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["zh_Hans"]
TEMPLATE_DIRS = [ROOT / "templates"]
ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "content")
WORDS = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff]")
# Lines a visitor never sees as prose.
SKIP_BLOCKS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
ATTR = re.compile(r"""\b(""" + "|".join(ATTRIBUTES) + r""")\s*=\s*("([^"]*)"|'([^']*)')""", re.S)
PLACEHOLDER = "\x00"
# A button's text is its value: <input type="submit" value="…">.
SUBMIT = re.compile(r"""<input\b[^>]*\btype=["'](submit|button|reset)["']""", re.S)
SUBMIT_VALUE = re.compile(r"""\bvalue=["']([^"']*)["']""")
LITERAL_TAGS = re.compile(r"""{%\s*crumbs\b(.*?)%}""")
LITERAL = re.compile(r"""(?<![_(\w:])(["'])([^"']*?)\1""")
# <meta content> values that are not prose.
META_CONTENT_OK = re.compile(
    r"^(width=device-width.*|noindex.*|website|article|profile|[\x00\szh_CNen_US]*)$"
)
# Templates left out of the check (none today); add a path here only with a reason.
NOT_YET: tuple[str, ...] = ()


def template_files() -> list[Path]:
    files = []
    for directory in TEMPLATE_DIRS:
        files += sorted(directory.rglob("*.html")) + sorted(directory.rglob("*.txt"))
    return files


def untranslated_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of every piece of visible text outside a translate tag in one template."""
    from django.template.base import Lexer, TokenType

    problems = []
    tokens = Lexer(source).tokenize()
    skip_until = None
    chunks: list[tuple[int, str]] = []  # (line, text with template code replaced by PLACEHOLDER)
    for token in tokens:
        if skip_until:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.TEXT:
            chunks.append((token.lineno, token.contents))
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "endblock" + name[5:]
            elif name == "comment":
                skip_until = "endcomment"
            for line in (m.group(1) for m in LITERAL_TAGS.finditer("{% " + token.contents + " %}")):
                for literal in LITERAL.finditer(line):
                    if WORDS.search(literal.group(2)):
                        problems.append((token.lineno, f'literal {literal.group(0)} (use _("…"))'))
            chunks.append((token.lineno, PLACEHOLDER))
        else:
            chunks.append((token.lineno, PLACEHOLDER))
    text = "".join(chunk for _line, chunk in chunks)
    # Map positions back to lines: each chunk starts at its token's line.
    starts, position = [], 0
    for line, chunk in chunks:
        starts.append((position, line))
        position += len(chunk)

    def line_at(offset: int) -> int:
        line = 1
        for start, token_line in starts:
            if start > offset:
                break
            line = token_line + chunk_newlines(start, offset)
        return line

    def chunk_newlines(start: int, offset: int) -> int:
        return text.count("\n", start, offset)

    notranslate_lines = {i + 1 for i, line in enumerate(source.splitlines()) if "notranslate" in line}
    text = SKIP_BLOCKS.sub(lambda m: PLACEHOLDER * len(m.group(0)), text)
    for tag in TAG.finditer(text):
        if SUBMIT.match(tag.group(0)):
            value = SUBMIT_VALUE.search(tag.group(0))
            if value and WORDS.search(value.group(1)):
                problems.append((line_at(tag.start()), f'value="{value.group(1).strip()}"'))
        for attr in ATTR.finditer(tag.group(0)):
            value = attr.group(3) if attr.group(3) is not None else attr.group(4)
            if attr.group(1) == "content" and META_CONTENT_OK.match(value.strip()):
                continue
            if WORDS.search(value):
                problems.append((line_at(tag.start()), f'{attr.group(1)}="{value.strip()}"'))
    visible = TAG.sub(lambda m: " " * len(m.group(0)), text)
    for match in re.finditer(r"[^\x00\s][^\x00<]*", visible):
        words = match.group(0).strip()
        if WORDS.search(words):
            problems.append((line_at(match.start()), words[:80]))
    return [(line, what) for line, what in problems if line not in notranslate_lines]


def check_templates() -> list[str]:
    problems = []
    for path in template_files():
        if str(path.relative_to(ROOT)).startswith(NOT_YET):
            continue
        for line, what in untranslated_in(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: not translated: {what.splitlines()[0]}")
    return problems


def po_path(locale: str) -> Path:
    return ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"


def msgids(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def check_stale(require_gettext: bool) -> list[str]:
    """Run makemessages on a copy of the catalogues and compare the msgids."""
    if not shutil.which("xgettext"):
        if require_gettext:
            return ["xgettext is missing (apt-get install gettext); cannot check the catalogue is current"]
        print("notice: xgettext missing; skipped the stale-catalogue check (CI runs it)", file=sys.stderr)
        return []
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "locale"
        shutil.copytree(ROOT / "locale", backup)
        try:
            run_makemessages()
            for locale in LOCALES:
                before = msgids(polib.pofile(str(backup / locale / "LC_MESSAGES" / "django.po")))
                after = msgids(polib.pofile(str(po_path(locale))))
                for _ctxt, msgid in sorted(after - before, key=str):
                    problems.append(
                        f"{locale}: new msgid not in the catalogue: {msgid!r} (run make messages)"
                    )
                for _ctxt, msgid in sorted(before - after, key=str):
                    problems.append(f"{locale}: msgid no longer used: {msgid!r} (run make messages)")
        finally:
            shutil.rmtree(ROOT / "locale")
            shutil.copytree(backup, ROOT / "locale")
    return problems


def run_makemessages() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for locale in LOCALES:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                locale,
                "--no-obsolete",
                "--no-location",
                "--ignore=.venv/*",
                "--ignore=staticfiles/*",
                "--ignore=bench/*",
                "--ignore=tests/*",
                "--ignore=bin/*",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


def check_translated() -> list[str]:
    problems = []
    for locale in LOCALES:
        for entry in polib.pofile(str(po_path(locale))):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{locale}: fuzzy translation: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{locale}: no translation: {entry.msgid!r}")
    return problems


def check_compiled() -> list[str]:
    """The .mo must hold exactly the .po's translations (gettext's own reader, no system tools)."""
    problems = []
    for locale in LOCALES:
        po = polib.pofile(str(po_path(locale)))
        mo_file = po_path(locale).with_suffix(".mo")
        if not mo_file.exists():
            problems.append(f"{locale}: {mo_file.relative_to(ROOT)} is missing (run make messages)")
            continue
        with mo_file.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
        for entry in po.translated_entries():
            if "fuzzy" in entry.flags:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                wanted = {(key, int(n)): text for n, text in entry.msgstr_plural.items()}
            else:
                wanted = {key: entry.msgstr}
            for k, text in wanted.items():
                if catalog.get(k) != text:
                    problems.append(f"{locale}: .mo differs from .po for {entry.msgid!r} (run make messages)")
                    break
    return problems


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    problems = (
        check_templates() + check_stale("--require-gettext" in argv) + check_translated() + check_compiled()
    )
    for problem in problems:
        print(problem)
    print(f"{len(problems)} translation problem(s)" if problems else "translations: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
