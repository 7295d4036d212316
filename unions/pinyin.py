"""Names in pinyin order, and found by their pinyin.

A list ordered by a person's or a studio's name reads in pinyin order (何 he, 冯 feng, 刘 liu,
吴 wu → 冯, 何, 刘, 吴), not in code-point order. The database orders by a stored key, so
pagination stays in SQL on SQLite and PostgreSQL alike: each named model keeps, beside the
name, its full pinyin (`…_pinyin`, lower case, no tones, no spaces: 王海峰 → "wanghaifeng") and
its initials (`…_initials`: "whf"), both filled by `fill()` in the model's `save()` and by every
bulk insert. A search box matches either ("wang", "whf").
"""

from django.db.models import Q
from pypinyin import Style, lazy_pinyin

KEY_MAX_LENGTH = 255


def _syllables(text):
    # Characters with no pinyin (Latin letters, digits) stay as they are, in lower case.
    return [
        part.lower() for part in lazy_pinyin(text or "", style=Style.NORMAL, errors="default") if part.strip()
    ]


def sort_key(text):
    """王海峰 → "wanghaifeng"."""
    return "".join("".join(_syllables(text)).split())[:KEY_MAX_LENGTH]


def initials(text):
    """王海峰 → "whf": the first letter of each syllable (a Latin word keeps its first letter)."""
    letters = []
    for part in _syllables(text):
        letters.extend(word[0] for word in part.split() if word)
    return "".join(letters)[:KEY_MAX_LENGTH]


def fill(obj, update_fields=None):
    """Set the pinyin keys of a model instance from its `PINYIN_OF` fields (before a save or a
    bulk insert); returns `update_fields` widened by the keys when it names a source field."""
    added = []
    for source in obj.PINYIN_OF:
        setattr(obj, f"{source}_pinyin", sort_key(getattr(obj, source)))
        setattr(obj, f"{source}_initials", initials(getattr(obj, source)))
        added += [f"{source}_pinyin", f"{source}_initials"]
    if update_fields is None:
        return None
    update_fields = set(update_fields)
    if update_fields & set(obj.PINYIN_OF):
        update_fields |= set(added)
    return update_fields


def matches(field, query):
    """The filter for a name search: the name itself, its full pinyin or its initials
    (`field` may be a path: "studio__name")."""
    query = (query or "").strip()
    condition = Q(**{f"{field}__icontains": query})
    key = "".join(query.lower().split())
    if key and key.isascii() and key.isalnum():
        condition |= Q(**{f"{field}_pinyin__contains": key}) | Q(**{f"{field}_initials__contains": key})
    return condition
