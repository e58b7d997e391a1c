"""Outlet names as people write them, folded to one key so "WSJ" and "The Wall Street Journal" meet."""

from __future__ import annotations

import re
import unicodedata

# Canonical display name -> other spellings. Extend freely; keys are compared after `outlet_key`.
ALIASES: dict[str, tuple[str, ...]] = {
    "The Wall Street Journal": ("WSJ", "Wall Street Journal", "the Journal"),
    "The New York Times": ("NYT", "New York Times", "the Times of New York"),
    "The Washington Post": ("Washington Post", "WaPo"),
    "Associated Press": ("AP", "The Associated Press", "AP News"),
    "Agence France-Presse": ("AFP", "Agence France Presse"),
    "Reuters": ("Thomson Reuters", "Reuters News"),
    "CNN": ("Cable News Network", "CNN International"),
    "BBC": ("BBC News", "the British Broadcasting Corporation", "British Broadcasting Corporation"),
    "Der Spiegel": ("Spiegel", "Der SPIEGEL", "Spiegel Online"),
    "Financial Times": ("FT", "The Financial Times"),
    "The Guardian": ("Guardian",),
    "Bloomberg": ("Bloomberg News",),
    "Al Jazeera": ("Aljazeera", "Al-Jazeera"),
}

WIRES = ("Reuters", "Associated Press", "Agence France-Presse", "dpa", "EFE", "ANSA", "Xinhua", "UPI")

_key_to_name: dict[str, str] = {}


def outlet_key(name: str) -> str:
    """A comparison key: case, accents, punctuation, a leading "the" and domain suffixes removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    text = re.sub(r"\.(?:com|org|net|co\.uk|de|fr|news|example)(?:/.*)?$", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return _key_to_name_key(text)


def _key_to_name_key(text: str) -> str:
    canonical = _alias_table().get(text)
    return _plain(canonical) if canonical else text


def _plain(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
    return re.sub(r"^the ", "", text)


def _alias_table() -> dict[str, str]:
    if not _key_to_name:
        for canonical, others in ALIASES.items():
            for spelling in (canonical, *others):
                _key_to_name[_plain(spelling)] = canonical
    return _key_to_name


def canonical_outlet(name: str) -> str:
    """The display name for an outlet: the table's canonical spelling, else the input tidied."""
    name = " ".join(name.split()).strip(" .,;:-—–\"'“”")
    table = _alias_table()
    plain = _plain(name)
    return table.get(plain, name)


def is_wire(name: str) -> bool:
    key = outlet_key(name)
    return any(outlet_key(w) == key for w in WIRES)
