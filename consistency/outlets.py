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
    "Le Monde": (),
    "Deutsche Welle": ("DW",),
    "Frankfurter Allgemeine Zeitung": ("FAZ", "Frankfurter Allgemeine"),
    "Süddeutsche Zeitung": ("Sueddeutsche Zeitung", "SZ"),
    "Die Zeit": ("Zeit Online",),
    "Bild": ("Bild-Zeitung", "Bild Zeitung"),
    "Politico": ("Politico Europe",),
    "Axios": (),
    "Semafor": (),
    "Fox News": ("Fox News Channel",),
    "NBC News": ("NBC",),
    "ABC News": ("ABC",),
    "CBS News": ("CBS",),
    "NPR": ("National Public Radio",),
    "Sky News": (),
    "The Times": ("The Times of London",),
    "The Telegraph": ("Telegraph", "Daily Telegraph", "The Daily Telegraph"),
    "The Economist": ("Economist",),
    "Nikkei": ("Nikkei Asia",),
    "South China Morning Post": ("SCMP",),
    "TASS": (),
    "Interfax": (),
    "Xinhua": ("Xinhua News Agency",),
    "Kyodo News": ("Kyodo",),
    "Yonhap": ("Yonhap News Agency",),
    "dpa": ("Deutsche Presse-Agentur",),
    "ProPublica": (),
    "The Intercept": ("Intercept",),
    "The Information": (),
    "Vox": (),
    "BuzzFeed News": ("BuzzFeed",),
    "HuffPost": ("Huffington Post", "The Huffington Post"),
    "Vice News": (),
    "The Atlantic": (),
    "The New Yorker": ("New Yorker",),
    "Time": ("Time magazine", "TIME"),
    "Newsweek": (),
    "Forbes": (),
    "Fortune": (),
    "CNBC": (),
    "MSNBC": (),
    "PBS": ("PBS NewsHour",),
    "Los Angeles Times": ("LA Times", "The Los Angeles Times"),
    "USA Today": (),
    "The Boston Globe": ("Boston Globe",),
    "Chicago Tribune": ("The Chicago Tribune",),
    "Business Insider": ("Insider",),
    "The Daily Beast": ("Daily Beast",),
    "The Hill": (),
    "Punchbowl News": ("Punchbowl",),
    "NewsNation": (),
    "Yahoo News": (),
    "The Independent": ("Independent",),
    "The Observer": (),
    "Daily Mail": ("The Daily Mail", "Mail Online", "MailOnline"),
    "The Sun": (),
    "Daily Mirror": ("The Mirror", "Mirror"),
    "Evening Standard": ("The Evening Standard",),
    "ITV News": ("ITV",),
    "Channel 4 News": ("Channel 4",),
    "The Irish Times": ("Irish Times",),
    "RTÉ": ("RTE",),
    "Le Figaro": ("Figaro",),
    "Libération": ("Liberation",),
    "France 24": (),
    "Mediapart": (),
    "Le Parisien": (),
    "Die Welt": ("Welt",),
    "Handelsblatt": (),
    "Focus Online": (),
    "ZDF": (),
    "ARD": ("Tagesschau",),
    "El País": ("El Pais",),
    "El Mundo": (),
    "La Repubblica": ("Repubblica",),
    "Corriere della Sera": ("Corriere",),
    "La Stampa": (),
    "ANSA": (),
    "EFE": ("Agencia EFE",),
    "NRC": ("NRC Handelsblad",),
    "De Telegraaf": ("Telegraaf",),
    "Haaretz": (),
    "The Times of Israel": ("Times of Israel",),
    "Al Arabiya": (),
    "Asharq Al-Awsat": (),
    "Kommersant": (),
    "RIA Novosti": ("RIA",),
    "Meduza": (),
    "Novaya Gazeta": (),
    "The Kyiv Independent": ("Kyiv Independent",),
    "Ukrainska Pravda": (),
    "Gazeta Wyborcza": (),
    "Yomiuri Shimbun": ("Yomiuri", "The Yomiuri Shimbun"),
    "Asahi Shimbun": ("Asahi", "The Asahi Shimbun"),
    "NHK": (),
    "Caixin": (),
    "Global Times": (),
    "The Hindu": (),
    "Times of India": ("The Times of India",),
    "Hindustan Times": (),
    "NDTV": (),
    "Straits Times": ("The Straits Times",),
    "ABC Australia": ("Australian Broadcasting Corporation",),
    "The Sydney Morning Herald": ("Sydney Morning Herald",),
    "CBC News": ("CBC",),
    "The Globe and Mail": ("Globe and Mail",),
    "Folha de S.Paulo": ("Folha",),
    "O Globo": (),
    "Clarín": ("Clarin",),
    "Mail & Guardian": (),
    "Anadolu Agency": ("Anadolu",),
    "IRNA": (),
    "Tasnim": ("Tasnim News Agency",),
    "WAFA": (),
    "AllAfrica": (),
}

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


def is_known_alias(name: str) -> bool:
    """Whether the alias table knows this spelling (a strong sign the name is an outlet)."""
    return _plain(name) in _alias_table()


def looks_like_outlet(name: str) -> bool:
    """A name that carries an outlet word ("Portside Herald", "Kestrel News"), or a known alias."""
    words = re.findall(r"[a-z]+", name.lower())
    return is_known_alias(name) or any(w in NAME_WORDS for w in words)


def is_wire(name: str) -> bool:
    key = outlet_key(name)
    return any(outlet_key(w) == key for w in WIRES)
