"""Stored search keys: a Chinese name spelled in pinyin ("suzhougongyeyuanqu") and as initials ("szgyyq").

Pinyin is computed in Python (pypinyin, with the naming module's place-name polyphone fixes), which no
database can do in a query, so the keys are stored beside the name and kept current in three places:
``SearchKeysMixin.save()`` (admin and code), the import pipeline (``add_search_keys`` on each validated
row, which the bundled-data loader also goes through) and a data migration for rows that existed before.

Keys are lower-case ASCII without spaces, so a query is normalised the same way (``normalise_query``):
"Suzhou Gongye Yuanqu", "suzhou gongye" and "SZGYYQ" all become prefixes or substrings of the keys.
Non-Chinese characters in a name (letters, digits) are kept as they are, lower-cased.
"""

import re

from django.db import models

from atlas.naming.pinyin import _syllables

_HAN = re.compile(r"([\u3400-\u9fff]+)")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def search_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: 苏州工业园区 → ("suzhougongyeyuanqu", "szgyyq")."""
    full, initials = [], []
    for part in _HAN.split(name or ""):
        if not part:
            continue
        if _HAN.fullmatch(part):
            syllables = [s for s in _syllables(part) if s.strip()]
            full.extend(syllables)
            initials.extend(s[0] for s in syllables)
        else:
            # Latin letters and digits inside a name (e.g. "中关村科技园区 A区"): kept as words.
            for word in _NOT_KEY.split(part.lower()):
                if word:
                    full.append(word)
                    initials.append(word if word.isdigit() else word[0])
    clean = lambda parts: _NOT_KEY.sub("", "".join(parts).lower().replace("ü", "v"))  # noqa: E731
    return clean(full), clean(initials)


def normalise_query(text: str) -> str:
    """The form of a query compared with the keys: lower-case ASCII letters and digits only."""
    return _NOT_KEY.sub("", (text or "").lower().replace("ü", "v"))


SEARCH_KEY_ATTNAMES = ("name_pinyin", "name_initials")


def add_search_keys(model, values: dict) -> None:
    """Import pipeline hook: set the keys in a row's values when the row sets its Chinese name."""
    if issubclass(model, SearchKeysMixin) and values.get("name_zh"):
        values["name_pinyin"], values["name_initials"] = search_keys(values["name_zh"])


class SearchKeysMixin(models.Model):
    """name_pinyin / name_initials, filled from name_zh on every save."""

    name_pinyin = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    name_initials = models.CharField(max_length=100, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = search_keys(self.name_zh)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_zh" in update_fields:
            kwargs["update_fields"] = {*update_fields, *SEARCH_KEY_ATTNAMES}
        super().save(*args, **kwargs)
