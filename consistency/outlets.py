"""Outlet names as people write them, folded to one key so "WSJ" and "The Wall Street Journal" meet."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "outlets.tsv"


def _read_table(path: Path) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, *others = [cell.strip() for cell in line.split("\t") if cell.strip()]
            table[name] = tuple(others)
    return table


def load_aliases() -> dict[str, tuple[str, ...]]:
    """The shipped outlet list, plus the user's own (CONSIST_OUTLETS), which wins on a clash.

    Kept as data, not code, so a newsroom adds the outlets it follows without touching Python."""
    table = _read_table(_DATA)
    extra = os.environ.get("CONSIST_OUTLETS")
    if extra and Path(extra).is_file():
        table.update(_read_table(Path(extra)))
    return table


# Canonical display name -> other spellings (data/outlets.tsv).
ALIASES: dict[str, tuple[str, ...]] = load_aliases()

# Words that mark a name as a news outlet ("Portside Herald", "Baltic Wire") or that describe one
# ("German magazine Der Spiegel", "the broadcaster ZDF"). Compared lower case, word by word.
NAME_WORDS = frozenset(
    """times post news journal herald wire courier ledger gazette tribune observer chronicle telegraph
    express mail press daily weekly radio tv television broadcasting zeitung magazine globe bote
    dispatch inquirer examiner sentinel bulletin monitor""".split()
)
DESCRIPTOR_WORDS = frozenset(
    """magazine newspaper weekly daily broadcaster agency network outlet site website channel paper tabloid
    broadsheet newsletter publication station radio television wire service newsroom""".split()
)

# a publication's name that starts with an article: "Der Tagesblick", "Le Quotidien", "The Herald"
TITLE_ARTICLES = frozenset("The Der Die Das Le La Les El Il Lo De Het".split())
WIRES = ("Reuters", "AP", "AFP", "dpa", "EFE", "ANSA", "Xinhua", "UPI")

_key_to_name: dict[str, str] = {}


def outlet_key(name: str) -> str:
    """A comparison key: case, accents, punctuation, a leading "the" and domain suffixes removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    text = re.sub(r"\.(?:com|org|net|co\.uk|de|fr|ru|ua|pl|tr|cn|in|pk|it|es|news|example)(?:/.*)?$", "", text)
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
    key = _table_key(name)
    return _alias_table()[key] if key is not None else name


def is_known_alias(name: str) -> bool:
    """Whether the alias table knows this spelling (a strong sign the name is an outlet); a web
    domain counts by its name ("tass.ru" is TASS)."""
    return _table_key(name) is not None


def _table_key(name: str) -> str | None:
    """The alias table's key for a spelling, or for a web domain's name; None if it has none."""
    table = _alias_table()
    plain = _plain(name)
    if plain not in table and re.search(r"\.[a-z]{2,6}$", name):
        plain = outlet_key(name)  # "tass.ru" is TASS
    return plain if plain in table else None


def looks_like_outlet(name: str) -> bool:
    """A name that carries an outlet word ("Portside Herald", "Kestrel News"), or a known alias."""
    words = re.findall(r"[a-z]+", name.lower())
    return is_known_alias(name) or any(w in NAME_WORDS for w in words)


def is_wire(name: str) -> bool:
    key = outlet_key(name)
    return any(outlet_key(w) == key for w in WIRES)
