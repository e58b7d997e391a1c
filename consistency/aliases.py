"""Entity alias folding: two outlets name the same actor differently ("Beijing", "China").

Matching and judging compare `Entity.norm`, so every name in a group folds to one key. The
table is plain data: add a row to `ALIASES` to teach a new alias; nothing else changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical key -> names that mean the same actor in news text (capital, seat of power, demonym)
ALIASES: dict[str, tuple[str, ...]] = {
    "united states": (
        "us",
        "u.s.",
        "u.s",
        "usa",
        "u.s.a.",
        "united states of america",
        "america",
        "washington",
        "white house",
        "american",
        "americans",
        "us government",
        "u.s. government",
        "biden administration",
        "trump administration",
    ),
    "united kingdom": (
        "uk",
        "u.k.",
        "britain",
        "great britain",
        "london",
        "downing street",
        "british",
        "england",
        "whitehall",
    ),
    "china": ("beijing", "prc", "people's republic of china", "chinese", "zhongnanhai"),
    "russia": (
        "moscow",
        "kremlin",
        "russian federation",
        "russian",
        "russians",
        "the kremlin",
    ),
    "ukraine": ("kyiv", "kiev", "ukrainian", "ukrainians"),
    "france": ("paris", "elysee", "élysée", "french"),
    "germany": ("berlin", "german", "germans"),
    "japan": ("tokyo", "japanese"),
    "india": ("new delhi", "delhi", "indian"),
    "israel": ("jerusalem", "israeli", "israelis"),
    "iran": ("tehran", "iranian", "islamic republic"),
    "north korea": ("pyongyang", "dprk", "north korean"),
    "south korea": ("seoul", "south korean", "republic of korea"),
    "taiwan": ("taipei", "taiwanese"),
    "turkey": ("ankara", "turkish", "türkiye", "turkiye"),
    "saudi arabia": ("riyadh", "saudi", "saudis", "ksa"),
    "european union": ("eu", "e.u.", "brussels", "european commission"),
    "united nations": ("un", "u.n.", "the un", "un security council"),
    "nato": ("north atlantic treaty organization", "the alliance"),
    "united states department of defense": ("pentagon", "department of defense", "dod", "us military"),
    "united states department of state": ("state department", "us state department"),
    "central intelligence agency": ("cia",),
    "federal bureau of investigation": ("fbi",),
    "world health organization": ("who", "w.h.o."),
    "syria": ("damascus", "syrian"),
    "egypt": ("cairo", "egyptian"),
    "canada": ("ottawa", "canadian"),
    "australia": ("canberra", "australian"),
    "italy": ("rome", "italian"),
    "spain": ("madrid", "spanish"),
    "poland": ("warsaw", "polish"),
    "belarus": ("minsk", "belarusian"),
    "pakistan": ("islamabad", "pakistani"),
    "afghanistan": ("kabul", "afghan"),
    "iraq": ("baghdad", "iraqi"),
    "mexico": ("mexico city", "mexican"),
    "brazil": ("brasilia", "brasília", "brazilian"),
    "united arab emirates": ("uae", "u.a.e.", "emirati", "abu dhabi"),
    "qatar": ("doha", "qatari"),
    "lebanon": ("beirut", "lebanese"),
    "south africa": ("pretoria", "south african"),
    "nigeria": ("abuja", "nigerian"),
    "kenya": ("nairobi", "kenyan"),
    "venezuela": ("caracas", "venezuelan"),
    "cuba": ("havana", "cuban"),
    "argentina": ("buenos aires", "argentine", "argentinian"),
    "netherlands": ("the netherlands", "dutch", "the hague"),
    "switzerland": ("bern", "swiss"),
    "sweden": ("stockholm", "swedish"),
    "norway": ("oslo", "norwegian"),
    "greece": ("athens", "greek"),
    "ireland": ("dublin", "irish"),
    "scotland": ("scottish", "edinburgh"),
    "indonesia": ("jakarta", "indonesian"),
    "philippines": ("manila", "filipino", "philippine"),
    "vietnam": ("hanoi", "vietnamese"),
    "thailand": ("bangkok", "thai"),
    # cities and states that outlets abbreviate
    "new york": ("n.y.", "ny", "nyc", "n.y.c.", "new york city"),
    "los angeles": ("l.a.",),
    "hong kong": ("hk",),
}

# a few person aliases that outlets use interchangeably (surname, title forms)
PERSON_ALIASES: dict[str, tuple[str, ...]] = {
    "vladimir putin": ("putin", "president putin", "president vladimir putin"),
    "xi jinping": ("xi", "president xi", "president xi jinping"),
    "volodymyr zelensky": ("zelensky", "zelenskyy", "volodymyr zelenskyy", "president zelensky"),
    "dmitry peskov": ("peskov", "dmitri peskov"),
    "joe biden": ("biden", "president biden", "president joe biden"),
    "donald trump": ("trump", "president trump", "president donald trump"),
}

_STRIP_RE = re.compile(r"^(?:the|a|an)\s+|['’]s$|[\"“”‘’()\[\],;:!?]")
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canon, names in (ALIASES | PERSON_ALIASES).items():
        table[canon] = canon
        for name in names:
            table[name] = canon
    return table


def _clean(text: str) -> str:
    cleaned = _SPACE_RE.sub(" ", text.strip().lower())
    cleaned = _STRIP_RE.sub("", cleaned).strip()
    cleaned = _STRIP_RE.sub("", cleaned).strip()  # "the Kremlin's" -> "kremlin"
    return cleaned.rstrip(".") if cleaned.count(".") == 1 else cleaned


def fold_entity(text: str) -> str:
    """The matching key of a name: lower case, articles and possessives off, aliases folded.

    Unknown names come back cleaned but otherwise unchanged, so folding never loses an entity.
    """
    if not isinstance(text, str):
        return ""
    table = _table()
    raw = _SPACE_RE.sub(" ", text.strip().lower())
    if raw in table:
        return table[raw]
    cleaned = _clean(text)
    return table.get(cleaned, cleaned)
