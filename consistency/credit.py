"""Who reported it first: explicit credits in the text, and the earliest publisher of a claim.

Explicit credits come from the phrases newsrooms use to credit each other ("X was the first to
report that ...", "as first reported by X", "X reported on Thursday", "according to X",
"X, citing ...", "told X", "X said in its report"). A phrase only counts when the name in it is
an outlet: the alias table knows it, the store holds articles from it, a describing word says so
("German magazine Der Spiegel", "the broadcaster ..."), the name carries an outlet word
("Portside Herald"), or, for the phrases that only outlets use ("first to report", "citing"),
spaCy tags it as an organisation. "according to the ministry" and "according to Santek" are sources,
not outlets.

The earliest credit goes to whoever published a claim first among the outlets that agree on it,
counted by origin (see copies.py): a copy neither earns nor steals credit. An earlier claim the
model read only as held by the new one ("police arrested a man" before "police arrested a man on
suspicion of arson") agrees, but did not report what the new claim says: no credit. It follows
the chain of attribution: an article that credits another outlet for the claim ("..., CNN
reported") is not its first reporter, the outlet it credits is, with its own stored article and
date when the store has one, else named as "credited by <outlet>, not in the store".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from consistency import copies
from consistency.copies import Origin
from consistency.models import NEW_HOLDS_EARLIER, Article, Claim, ClaimResult, CopyLink, Credit, StoredClaim
from consistency.outlets import (
    DESCRIPTOR_WORDS,
    NAME_WORDS,
    TITLE_ARTICLES,
    canonical_outlet,
    is_known_alias,
    looks_like_outlet,
    outlet_key,
)
from consistency.store import Store

_DESC_WORDS = "|".join(sorted(DESCRIPTOR_WORDS, key=len, reverse=True))
# "German-language weekly ", "the US newspaper ", "British broadcaster "
# the words before a describing word: lower case or a nationality ("German", "US"), never a name,
# so "told Time magazine the People's Protection Units" does not read "Time magazine" as a description
_DESC_LEAD = r"(?:[a-z][\w’'-]*|[A-Z][a-z]+(?:ish|ian|ese|ean|ic|i|an)|U\.?S\.?|U\.?K\.?|EU|[A-Z][a-z]+-[a-z]+)"
_DESC = rf"(?P<desc>(?:(?:the|a|an)\s+)?(?:{_DESC_LEAD}\s+){{0,3}}?(?:news\s+)?(?:{_DESC_WORDS})s?\s+)?"
# a capitalised word, a number ("France 24"), a web domain ("tass.ru") or a lower-case outlet ("dpa")
_WORD = (
    r"(?:[A-Z][\w.&'’/-]*|\d[\w-]*|[a-z][\w-]*(?:\.(?:ru|ua|com|net|org|co\.uk|de|fr|pl|tr|cn|in))\b"
    r"|(?:dpa|i24NEWS|de\s+Volkskrant)\b)"
)
_CONNECT = r"(?:of|de|der|die|du|des|della|del|di|da|do|dos|van|von|la|las|le|los|al|el|am|and|&|for)"
# what a name may be introduced with: "the state-run Saudi Press Agency", "the pro-government Sabah"
_ADJS = (
    "state-run|state-owned|state|government-run|government-owned|pro-government|pro-Kremlin|semi-official|official|"
    "independent|local|national|regional|public|private|online|leading|popular|influential|investigative|opposition"
)
_NAME = rf"(?P<name>(?:[Tt]he\s+)?(?:(?:{_ADJS})\s+){{0,2}}{_WORD}(?:\s+(?:{_CONNECT}\s+)?{_WORD}){{0,5}})"
_BARE_NAME = rf"(?P<name>{_WORD}(?:\s+(?:{_CONNECT}\s+)?{_WORD}){{0,5}})"
# what may follow a name and says it is an outlet: "the Sabah newspaper", "the Reuters news agency",
# "Efe news", "the Saudi Press Agency (SPA)"
_POST = (
    r"(?P<post>\s+(?:news\s+agency|news\s+site|news\s+outlet|newspaper|daily|agency|broadcaster|magazine|weekly|"
    r"website|tabloid|channel|network|radio|TV|television|outlet|news|paper|portal)\b)?(?:\s+\([A-Za-z]{2,8}\))?"
)
# a generic apposition: "Yeni Safak, a staunchly pro-government newspaper," / "The Global Times, a
# well-known mouthpiece for Beijing,"
_ANY_APPOS = r"(?P<appos>,\s+(?:the|a|an|its|which\s+is)\s+[^,.;]{2,70},)?"
_ADVERB = r"(?:(?:\w+ly|also|later|earlier|previously|first|then|now|too)\s+)?"
_SCOPE = r"(?:\s*,?\s*(?:that\s+|on\s+(?=[a-z]))?(?P<scope>[^.;]*))?"
# "NHK, the public broadcaster, was first to report": an apposition between the name and the verb,
# one that says what kind of outlet it is (not "the first crew on the scene", "the Herald reported")
_APPOS = rf"(?:,\s+(?:the|a|an|its)\s+(?:[\w’'-]+\s+){{0,4}}?(?:news\s+)?(?:{_DESC_WORDS}),)?"
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WHEN = (
    rf"(?:\s+(?:on|last|early|late|earlier|this)\s+\w+(?:\s+\d{{1,2}})?|\s+(?:yesterday|today|earlier|overnight)"
    rf"|\s+{_DAYS}(?:\s+(?:morning|afternoon|evening|night))?)?"
)


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    first: bool
    strong: bool  # only outlets are written this way, so a spaCy ORG is enough to accept the name
    # what the matched words must also hold for a name accepted on the ORG tag alone
    org_needs: re.Pattern[str] | None = None


def _p(name: str, pattern: str, *, first: bool, strong: bool, org_needs: re.Pattern[str] | None = None) -> _Pattern:
    return _Pattern(name, re.compile(pattern), first, strong, org_needs)


# companies "first revealed" products and "first disclosed" breaches; outlets first report or break news
_FIRST_NEWS = re.compile(r"\bfirst\s+(?:reported|broke)\b")
# what outlets cite: people and papers, not "weak demand" ("Amazon, citing weak demand, cut its forecast")
_CITED_SOURCE = re.compile(
    r"\bciting\s+(?:(?:an?|the|two|three|four|five|several|multiple|unnamed|anonymous|senior|\d+|people|"
    r"government|intelligence|diplomatic|military|security|industry|company|police)\b\s*)*"
    r"(?:\w+\s+)?(?:sources?|officials?|people|persons?|insiders?|documents?|diplomats?|memos?|witness(?:es)?|"
    r"residents?|letters?|emails?|recordings?|report|statement|spokes(?:man|woman|person)|executives?|aides?|"
    r"investigators?|intelligence|data|figures|records)\b"
)


# fmt: off
PATTERNS: tuple[_Pattern, ...] = (
    _p("first_to_report", rf"{_DESC}{_NAME}{_APPOS},?\s+(?:was|were|had\s+been|has\s+been)\s+(?:the\s+)?first"
       rf"(?:\s+[\w-]+){{0,3}}?\s+to\s+(?:report|reveal|break|disclose)\w*(?:\s+the\s+(?:news|story))?{_SCOPE}",
       first=True, strong=True),
    # "Bloomberg first reported", "The Guardian, which first reported the leak,", "NBC News first broke the story"
    _p("first_reported", rf"{_DESC}{_NAME}{_APPOS},?\s+(?:which\s+|who\s+)?(?:had\s+|has\s+)?first\s+"
       rf"(?:reported|revealed|disclosed|broke)(?!\s+the\s+(?:news|story)\s+to\b)"
       rf"(?:\s+the\s+(?:news|story)(?:\s+of|\s+about|\s+that)?)?{_SCOPE}",
       first=True, strong=True, org_needs=_FIRST_NEWS),
    _p("broke_the_story", rf"{_DESC}{_NAME},?\s+(?:which\s+|who\s+)?(?:had\s+|has\s+)?broke\s+the\s+(?:news|story)"
       rf"(?!\s+to\b)(?:\s+of|\s+about|\s+that)?{_SCOPE}", first=True, strong=True),  # not "broke the news to ..."
    _p("reported_first", rf"{_DESC}{_NAME}\s+(?:reported|revealed)\s+first\b{_SCOPE}", first=True, strong=True),
    # "first published by X", "a report first published in X" (the outlet, never a month: see _is_outlet)
    _p("first_reported_by", rf"(?:first|originally)\s+(?:reported|revealed|disclosed|published|broken|carried)"
       rf"\s+(?:\w+\s+)?(?:by|in)\s+{_DESC}{_NAME}", first=True, strong=True),
    # "It was Nikkei that first reported the plan"
    _p("cleft", rf"\b[Ii]t\s+was\s+{_DESC}{_NAME}\s+(?:that|which|who)\s+(?:had\s+)?first\s+"
       rf"(?:reported|revealed|disclosed|broke)(?!\s+the\s+(?:news|story)\s+to\b)(?:\s+the\s+(?:news|story)(?:\s+of|\s+about|\s+that)?)?{_SCOPE}",
       first=True, strong=True, org_needs=_FIRST_NEWS),
    _p("scooped_by", rf"\bscooped\s+(?:\w+\s+)?by\s+{_DESC}{_NAME}", first=True, strong=True),
    _p("scoop", rf"{_DESC}{_NAME},?\s+(?:which\s+|who\s+)?(?:had|got)\s+the\s+scoop{_SCOPE}", first=True, strong=True),
    _p("reported_by", rf"(?<!first )(?:reported|revealed)\s+(?:earlier\s+)?by\s+{_DESC}{_NAME}",
       first=False, strong=False),
    _p("said_in_report", rf"{_DESC}{_NAME}\s+(?:said|wrote|reported)\s+in\s+(?:its|a|an|their)\s+(?:\w+\s+)?"
       rf"(?:report|article|story|broadcast|investigation|piece|edition){_SCOPE}", first=False, strong=True),
    _p("reported", rf"{_DESC}{_NAME}\s+(?:has\s+|had\s+)?(?:reported|reports)(?=[\s,]){_WHEN}"
       rf"(?:,\s+citing[^,]*,)?(?:\s+(?=that\b)|\s*,|\s*\.|(?=\s+on\b)){_SCOPE}", first=False, strong=True),
    _p("citing", rf"{_DESC}{_NAME}(?:\s+reported{_WHEN})?,\s+citing\b"
       rf"(?:[^,.]*,\s*(?:(?:said|reported|wrote|says|reports)\s+)?(?:that\s+)?(?P<scope>[^.;]*))?",
       first=False, strong=True, org_needs=_CITED_SOURCE),
    # "according to the Herald", "according to reports in the Herald", "according to information of
    # the business newspaper Dziennik Biznesu" (a translation's)
    _p("according_to", rf"[Aa]ccording\s+to\s+(?:(?:information|reports?|(?:a|the)\s+(?:\w+\s+)?report|reporting|"
       rf"data)\s+(?:of|by|from|in)\s+)?{_DESC}{_NAME}{_POST}", first=False, strong=False),
    _p("told", rf"\btold\s+{_DESC}{_NAME}{_POST}", first=False, strong=False),
    # "told the state news agency, Ria-Novosti.": the description first, the name in apposition at the
    # end ("according to the local paper, Mueller had ..." names the paper's subject, not the paper)
    _p("told_appos", rf"\b(?:told|to|by|from|of)\s+(?P<desc>(?:the|a|an)\s+(?:{_DESC_LEAD}\s+){{0,3}}?(?:news\s+)?"
       rf"(?:{_DESC_WORDS})s?),\s+{_NAME}(?=\s*(?:[.;]|$|that\b))", first=False, strong=False),
    # "The first to report the CIA's assessment was The Washington Post"
    _p("first_was", rf"\b[Tt]he\s+first\s+to\s+(?:report|reveal|break|disclose)\w*\b(?P<scope>[^.;]{{0,160}}?)\s+"
       rf"(?:was|were)\s+{_DESC}{_NAME}", first=True, strong=True),
    # "quoted by", "cited earlier by the Reuters news agency", "aired by the state-run broadcaster TRT",
    # "documents seen by Reuters", "reports by a correspondent of Polish Radio Zet"
    _p("passive_by", rf"\b(?:quoted|cited|aired|broadcast|carried|published|obtained|seen|reviewed|reports|reporting)"
       rf"\s+{_ADVERB}by\s+(?:(?:an?|the|its)\s+(?:\w+\s+)?(?:correspondent|reporter|journalist)s?\s+(?:of|for|from|at)\s+)?"
       rf"{_DESC}{_NAME}{_POST}", first=False, strong=False),
    # "a CNN report", "the Reuters report", "an exclusive Bloomberg interview", "a Reuters reporter"
    _p("outlet_noun", rf"\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+(?:(?:exclusive|recent|earlier|new|televised|"
       rf"separate|latest|previous|original|damning|bombshell)\s+)?{_BARE_NAME}\s+(?:report|reporting|article|story|investigation|"
       rf"interview|broadcast|documentary|reporter|correspondent|journalist|scoop|exclusive)s?\b", first=False,
       strong=False),
    # "CNN's report", "the Post's reporting"
    _p("possessive", rf"{_DESC}{_NAME}['’]s\s+(?:own\s+|\w+\s+)?(?:report|reporting|article|story|investigation|"
       rf"interview|reporter|correspondent|journalist|scoop)s?\b", first=False, strong=False),
    # "..., reports Efe news." / "..., Reuters reports."
    _p("inverted", rf"[,—–]\s+(?:reports?|reported|writes|wrote|said|says|according\s+to)\s+{_DESC}{_NAME}{_POST}"
       rf"\s*(?:[.;]|$)", first=False, strong=False),
    # "As Reuters writes", "as Fox News noted"
    _p("as_writes", rf"\b[Aa]s\s+{_DESC}{_NAME}\s+{_ADVERB}(?:writes|wrote|reports|reported|notes|noted|put\s+it|"
       rf"pointed\s+out|said|says|learned|revealed)\b", first=False, strong=False),
    # "Sabah, a pro-government Turkish newspaper, said", "CNN quoted a senior official",
    # "The New York Times later corroborated", "AP recently reported", "Radio Lublin reports another version"
    _p("outlet_verb", rf"{_DESC}{_NAME}{_POST}{_ANY_APPOS}\s+{_ADVERB}(?:has\s+|had\s+|have\s+)?(?:reported|reports|"
       rf"wrote|writes|printed|published|ran|aired|broadcast|quoted|quotes|cited|cites|corroborated|confirmed|revealed|said|"
       rf"says|claimed|claims|noted|learned|obtained|citing)\b{_SCOPE}", first=False, strong=False),
    # "talked to Reuters on condition of anonymity", "spoke on condition of anonymity with AP"
    _p("talked", rf"\b(?:[Tt]alk(?:ed|ing)|[Ss]p(?:oke|eaking|eak))\s+(?:[\w-]+\s+){{0,5}}?(?:to|with)\s+"
       rf"{_DESC}{_NAME}{_POST}", first=False, strong=False),
    # an embedded post's signature: "— ABC News (@ABC) February 3, 2023"
    _p("post_signature", rf"[—–]\s*{_NAME}\s+\(@\w+\)", first=False, strong=False),
    # "in an interview with Der Spiegel", "speaking to the BBC", "a report in the Financial Times"
    _p("interview", rf"\b(?:[Ii]nterview\s+with|[Ss]peaking\s+to|[Ss]poke\s+to)\s+{_DESC}{_NAME}", first=False,
       strong=False),
    _p("report_in", rf"\b(?:[Aa]n?|[Tt]he)\s+(?:\w+\s+)?(?:report|article|story|investigation|interview)\s+"
       rf"(?:in|by|from|published\s+by|carried\s+by)\s+{_DESC}{_NAME}", first=False, strong=False),
)
# fmt: on
# A word every pattern above contains.
_TRIGGER = re.compile(
    r"first|originally|broke|report|reveal|scoop|cit(?:ing|ed|es)|ccording|told|said|says|wr(?:ote|ites)|interview|"
    r"peak|spoke|talk|article|story|investigation|quot|aired|broadcast|carried|published|obtained|seen|reviewed|"
    r"note|correspondent|journalist|printed|ran\b|corroborat|confirm|claim|learn|\(@",
    re.I,
)


def explicit_credits(
    article: Article, claims: list[Claim], known_outlets: Iterable[str] = (), names: dict[str, str] | None = None
) -> list[Credit]:
    """Credits the article's text gives to other outlets, one per (sentence, outlet).

    Every sentence is read, not only those that became claims: "..., Reuters reports." or an
    embedded post's "— ABC News (@ABC)" credit an outlet without asserting anything themselves.
    `known_outlets` are outlet keys from the store: a name the store already holds articles from
    is an outlet even without a describing word. `names` maps such keys to the store's spelling,
    so a credit names an outlet as the store does.
    """
    known = set(known_outlets)
    own = {outlet_key(article.outlet)} | ({outlet_key(article.wire)} if article.wire else set())
    out: list[Credit] = []
    for start, end, sentence in _body_sentences(article.body):
        if not _TRIGGER.search(sentence):
            continue  # most sentences credit nobody: one scan instead of every pattern
        index = _claim_at(claims, start, end)
        found: dict[str, Credit] = {}
        for pattern in PATTERNS:
            for m in pattern.regex.finditer(sentence):
                for name in _names(m, pattern, sentence, known):
                    display = canonical_outlet(name)
                    key = outlet_key(display)
                    if _is_own(key, own):
                        continue  # "three sources told Der Abendbote" in Der Abendbote: its own reporting
                    scope = _scope(sentence, m)
                    previous = found.get(key)
                    if previous is None:
                        found[key] = Credit(display, "explicit", sentence, first=pattern.first, scope=scope,
                                            claim_index=index)  # fmt: skip
                    elif pattern.first and not previous.first:
                        previous.first, previous.scope = True, scope
        out.extend(found.values())
    out = _fold_short_names(out)
    return _spell_as_stored(out, names) if names else out


def _names(m: re.Match[str], pattern: _Pattern, sentence: str, known: set[str]) -> list[str]:
    """The outlet named in a match, and the rest of a list that follows it ("AP, Reuters, AFP, and dpa")."""
    groups = m.groupdict()
    raw = m.group("name")
    post = None if re.search(r"[’']s?$", raw) else groups.get("post")  # "the Tribunal's website": its own
    desc = groups.get("desc") or post or _outlet_appos(groups.get("appos"))
    name = _clean_name(raw)
    out = _split_pair(name, known, groups.get("desc"))
    if not out:
        if not name or not _is_outlet(name, desc, pattern, sentence, known, m.group(0)):
            return []
        out = [name]
    pos = m.end("name")
    while True:
        item = _LIST_ITEM.match(sentence, pos)
        if item is None:
            return out
        more = _clean_name(item.group("name"))
        halves = _split_pair(more, known, item.group("desc"))
        if halves:
            out += halves
        elif more and _is_outlet(more, item.group("desc") or item.group("post"), _LIST, sentence, known):
            out.append(more)
        else:
            return out
        pos = item.end("name")


def _split_pair(name: str, known: set[str], desc: str | None = None) -> list[str]:
    """ "Reuters and Associated Press" and "broadcasters Kanal Eins and Radio Nord" are two outlets;
    "The Globe and Mail" is one."""
    if is_known_alias(name) or not re.search(r"\s(?:and|&)\s", name):
        return []
    halves = [_clean_name(h) for h in re.split(r"\s+(?:and|&)\s+", name)]
    plural = bool(desc and re.search(rf"(?:{_DESC_WORDS})s\b", desc, re.IGNORECASE))
    if plural or all(is_known_alias(h) or outlet_key(h) in known or looks_like_outlet(h) for h in halves):
        return halves
    return []


def _outlet_appos(appos: str | None) -> str | None:
    """An apposition whose head says what kind of outlet a name is ("a pro-government Turkish
    newspaper", "a Florida-based publication read mostly by exiles"), not one that merely mentions
    an outlet word ("an associate fellow with the Royal United Services Institute")."""
    if not appos:
        return None
    head = _APPOS_TAIL.split(appos.strip(" ,"), maxsplit=1)[0].split()
    return appos if head and re.fullmatch(rf"(?:{_DESC_WORDS})s?", head[-1].lower()) else None


_APPOS_TAIL = re.compile(
    r"\s+(?:of|in|for|from|with|based|owned|run|that|which|who|close|devoted|known|read|seen|linked|funded|"
    r"controlled|affiliated|on|at|by|to)\b"
)


_LIST_ITEM = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:the\s+)?|\s*&\s*){_DESC}{_NAME}{_POST}")
_LIST = _Pattern("list", _LIST_ITEM, first=False, strong=False)  # items of a list are held to the weak test


def _is_own(key: str, own: set[str]) -> bool:
    """The article's own outlet, also by a short form: "the Post" in The Washington Post."""
    words = set(key.split())
    return key in own or any(words and words < set(o.split()) and words - _GENERIC_WORDS for o in own)


# words that alone do not name an outlet: "the Times" is short for a Times, not a Times of its own
_GENERIC_WORDS = frozenset("news times post journal daily herald press the of radio tv".split())


def _fold_short_names(credits: list[Credit]) -> list[Credit]:
    """One outlet per article: "The Post" after "The Washington Post" is the same outlet."""
    keys = {outlet_key(c.credited_outlet): c.credited_outlet for c in credits}
    for c in credits:
        words = set(outlet_key(c.credited_outlet).split())
        longer = [k for k in keys if words < set(k.split())]
        if len(longer) == 1:
            c.credited_outlet = keys[longer[0]]
    return credits


def _spell_as_stored(credits: list[Credit], names: dict[str, str]) -> list[Credit]:
    """Name each credited outlet as the store spells it (`names`: outlet key -> stored name)."""
    for c in credits:
        c.credited_outlet = names.get(outlet_key(c.credited_outlet), c.credited_outlet)
    return credits


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[—–]?[A-Z0-9])|\n+")


def _body_sentences(body: str) -> list[tuple[int, int, str]]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(body + "\n"):
        text = body[start : m.start()]
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            out.append((start + lead, start + lead + len(stripped), stripped))
        start = m.end()
    return out


def _claim_at(claims: list[Claim], start: int, end: int) -> int | None:
    """The claim a credit in this sentence covers: the first claim inside it, if any."""
    for i, claim in enumerate(claims):
        if claim.start_char < end and claim.end_char > start:
            return i
    return None


def _clean_name(raw: str) -> str:
    name = re.sub(r"^(?:\d[\d.:]*\s+)+", "", raw.strip(" ,.;:"))  # a live blog's "12.29 The Telegraph ..."
    name = re.sub(r"[’']s$", "", name)
    name = _inner_outlet(_possessor(name))
    name = re.sub(rf"^(?:[Tt]he\s+)?(?:(?:{_ADJS})\s+)+", "The ", name)
    name = re.sub(r"^(?:[Tt]he)\s+", "The ", name)
    # sentence-initial words glued to the name by the regex ("On Tuesday Der Spiegel"): keep the outlet part
    while True:
        words = name.split(maxsplit=1)
        if len(words) < 2 or words[0].lower().strip(",") not in _LEADING:
            return name.strip()
        name = words[1]


def _possessor(name: str) -> str:
    """Of "X's Y", the outlet: "The Telegraph's Richard Spencer" is The Telegraph; "Britain's Daily
    Mirror" is the Daily Mirror."""
    parts = re.split(r"[’']s?\s+", name, maxsplit=1)
    if len(parts) < 2 or not parts[1]:
        return name
    before, after = parts
    for part in (before, after):
        if is_known_alias(part) or looks_like_outlet(part):
            return part
    return after


def _inner_outlet(name: str) -> str:
    """A known outlet inside a name the pattern over-reached: "NBC News Thursday", "US New York Post",
    "Polish Radio Zet". Only qualifiers may stand before it (a nationality, "the"), so "The Detroit
    Free Press" stays whole; only a day or an acronym may trail it ("The National Report" stays whole)."""
    if is_known_alias(name):
        return name
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size, -1, -1):  # the rightmost first: "Polish Radio Zet"
            part = " ".join(words[start : start + size])
            if size == 1 and not re.fullmatch(r"[A-Z0-9]{2,}|\S+\.\w+", part):
                continue  # one ordinary word ("National") is too weak a match
            trailing = words[start + size :]
            if (
                is_known_alias(part)
                and all(_qualifier(w) for w in words[:start])
                and all(w.lower() in _WEEKDAYS or w.isupper() for w in trailing)
            ):
                return part
    return name


def _qualifier(word: str) -> bool:
    w = word.lower().strip(",")
    return w in ("the", "us", "u.s.", "uk", "u.k.") or w in _COMPASS or bool(_DEMONYM.search(w))


_COMPASS = frozenset("north south east west northern southern eastern western".split())


_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)
_LEADING = _WEEKDAYS | frozenset("on in by last earlier meanwhile but and as also since after before then".split())


def _is_outlet(
    name: str, desc: str | None, pattern: _Pattern, sentence: str, known: set[str], matched: str = ""
) -> bool:
    """Decide from general signals whether `name` is a news outlet rather than a person or a body."""
    if name.lower() in _WEEKDAYS or len(name) < 2:
        return False
    if is_known_alias(name) or outlet_key(name) in known or _DOMAIN.fullmatch(name):
        return True  # a web domain credited as a source is a publication ("as reported by tass.ru")
    words = re.sub(r"^The\s+", "", name).lower().split()
    if not words or set(words) <= _NOT_A_NAME:
        return False  # "The newspaper reported", "News reports have quoted": no outlet is named
    if all(w in _MEDIA_NOUNS or w in _COMPASS or _DEMONYM.search(w) for w in words) and len(words) <= 3:
        return False  # "Turkish daily reports", "the American news website", "North Korean TV": unnamed
    if desc:
        return True
    if looks_like_outlet(name):
        return not _INSTITUTION.search(name)  # "The Post Office said" is no outlet
    if not pattern.strong or _INSTITUTION.search(name):
        return False  # "The Federal Reserve reported", "Statistics Norway reported": sources, not outlets
    if pattern.org_needs is not None and not pattern.org_needs.search(matched):
        return False
    # only outlets "first report" or "cite" sources; a title with an article ("Der Tagesblick",
    # "Le Quotidien") is a publication, not a person, whatever the small tagger says
    return bool(_TITLED.match(name)) or _spacy_org(name, sentence)


_NOT_A_NAME = NAME_WORDS | DESCRIPTOR_WORDS | {"the", "news", "media", "state", "local", "radio", "tv"}
_DOMAIN = re.compile(r"[a-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_MEDIA_NOUNS = frozenset("tv television radio media press news newspaper daily outlet agency channel state the".split())
_DEMONYM = re.compile(r"(?:ish|ian|ese|ean|ic|i|an|ch)$")


# Words that make a name an institution, company or body rather than a publication.
_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Organi[sz]ation|Bank|Reserve|Police|Army|Navy|Forces|Military|University|"
    r"Institute|Commission|Council|Office|Government|Court|Parliament|Congress|Senate|Party|Union|Authority|"
    r"Bureau|Statistics|Committee|Federation|Association|Foundation|Company|Corporation|Corp|Inc|Ltd|Group|"
    r"Holdings|Airlines|Airways|Motors|Embassy|Agency|Administration|Board|Fund|Service|Services|Centre|Center|"
    r"Coalition|Alliance|Movement|Front|Guard|Command|Survey|Exchange|Securities|Partners|Capital)\b"
)


_TITLED = re.compile(rf"(?:{'|'.join(sorted(TITLE_ARTICLES))})\s")


def _spacy_org(name: str, sentence: str) -> bool:
    from consistency.embeddings import nlp  # loaded lazily: most names are settled without the parser

    doc = nlp()(sentence)
    bare = re.sub(r"^The\s+", "", name)
    return any(ent.label_ == "ORG" and bare in ent.text for ent in doc.ents)


def _scope(sentence: str, m: re.Match[str]) -> str:
    """What the credit covers, as the text words it: the reported clause, else the sentence without the credit."""
    scope = m.groupdict().get("scope")
    if scope:
        scope = re.sub(r",\s*citing\b.*$", "", scope)
        scope = re.sub(rf"{_WHEN}\s*$", "", scope).strip(" ,")
    if scope and (len(scope.split()) >= 3 or _ANAPHOR.match(scope)):
        return scope
    left = re.sub(r"[\s,]*(?:\b(?:as|was)\b)?[\s,]*$", "", sentence[: m.start()])
    right = sentence[m.end() :]
    if re.fullmatch(rf"{_WHEN}\s*[.,;]?\s*", right):
        right = ""
    rest = (left + " " + right).strip()
    rest = re.sub(r"\s+,", ",", re.sub(r"\s+", " ", rest)).strip(" ,.;—–-")
    return rest or sentence.strip()


_ANAPHOR = re.compile(r"^(?:the|this|these|that|its|their)\s+\w+$", re.IGNORECASE)
VAGUE_SCOPE_WORDS = 4  # "the plan", "the story": the credit covers the article's main story


def vague_scope(scope: str | None) -> bool:
    """A scope too short to name a story ("the plan") points at the crediting article's lede."""
    return not scope or len(scope.split()) <= VAGUE_SCOPE_WORDS


# ---- earliest reporter ---------------------------------------------------------------------


@dataclass
class Ranked:
    """Outlets (by origin) that agree on one claim, earliest first, with the copies left out."""

    origins: list[Origin]  # one per independent origin, earliest first (undated ones by time of adding)
    first: list[Origin]  # the earliest: several on a tie
    copies: int  # agreeing articles that repeat an origin already counted


def rank(members: list[tuple[int | None, Origin]]) -> Ranked:
    """Collapse copies onto their origins and order by time; equal earliest times are a tie.

    `members` pairs each article's id (None for the article being checked) with its origin; an
    article with several claims in the group counts once. Copies are the copied articles beyond
    the first of each origin; a second original article from the same outlet is not a copy.
    """
    best: dict[str, Origin] = {}
    articles: dict[str, dict[int | None, bool]] = {}
    for article_id, o in members:
        articles.setdefault(o.key, {})[article_id] = o.copy_reason is not None
        current = best.get(o.key)
        if current is None or _when_key(o) < _when_key(current):
            best[o.key] = o
    copies = 0
    for flags in articles.values():
        copied = sum(flags.values())
        copies += len(flags) - 1 if copied == len(flags) else copied
    ordered = sorted(best.values(), key=lambda o: (_when_key(o), o.outlet))
    if not ordered:
        return Ranked([], [], copies)
    top = _when_key(ordered[0])
    return Ranked(ordered, [o for o in ordered if _when_key(o) == top], copies)


def _when_key(o: Origin) -> datetime:
    return _naive(o.when)


def _naive(when: datetime | None) -> datetime:
    """Comparable times: aware ones lose their zone (stored times are naive), unknown ones sort last."""
    return when.replace(tzinfo=None) if when is not None else datetime.max


@dataclass(frozen=True)
class Attributed:
    """An article's text credits an outlet for a claim: the crediting origin follows the outlet."""

    by: str  # outlet_key of the crediting article's origin (a wire copy speaks for the wire)
    outlet: str  # the credited outlet, as displayed
    first: bool  # the text says the outlet was first
    evidence: str  # the crediting sentence
    claim_id: int | None = None  # the stored claim of that sentence


@dataclass
class Reporter:
    """A first reporter of a claim after following the chain of attribution."""

    key: str
    outlet: str
    when: datetime | None  # its own report's publication date; None when undated or not in the store
    undated: bool  # ranked by a time of adding, not a publication date
    stored: bool  # its own report of the claim is in the store
    by: datetime | None  # when it had reported at the latest: its own time or that of an article crediting it
    credited_by: list[str] = field(default_factory=list)  # outlets crediting it, directly or down the chain
    evidence: str | None = None  # for one not in the store: the sentence that credits it


def follow_chain(
    origins: list[Origin], attributed: Iterable[Attributed], elsewhere: Iterable[Attributed] = ()
) -> list[Reporter]:
    """The claim's first reporter(s): among the origins that credit no other outlet for it, and the
    outlets they credit, the earliest; several on a tie.

    An outlet credited by an article had reported the claim by that article's time at the latest,
    so it ranks no later than its earliest follower ("U.S. officials believe X, CNN reported" puts
    CNN before the Reuters wire that says so). An outlet the text calls *first* ranks with the
    earliest origin when its own report is not in the store. Credits that lead back to their own
    follower (A credits B, B credits A) settle nothing and are dropped.

    `elsewhere` are credits an origin's article gives for a sentence much like the claim (the
    callers check): they count only for an outlet already on the claim that published no later
    than the crediting article (a Reuters wire that cites "the AP reported" in its lede follows
    the AP story on the same claim when it repeats it further down).
    """
    members = {o.key: o for o in origins}
    names = {o.key: o.outlet for o in origins}
    edges: dict[str, set[str]] = {}
    called_first: set[str] = set()
    said: dict[str, str] = {}
    for a in attributed:
        to = outlet_key(a.outlet)
        if a.by not in members or to == a.by or not to:
            continue
        edges.setdefault(a.by, set()).add(to)
        names.setdefault(to, a.outlet)
        said.setdefault(to, a.evidence)
        if a.first:
            called_first.add(to)
    for a in elsewhere:
        to, other = outlet_key(a.outlet), members.get(outlet_key(a.outlet))
        follower = members.get(a.by)
        if follower is None or to == a.by or to not in names:
            continue
        if other is None or _when_key(other) <= _when_key(follower):
            edges.setdefault(a.by, set()).add(to)
    for source in list(edges):
        edges[source] = {t for t in edges[source] if not _reaches(edges, t, source)}
    followers: dict[str, set[str]] = {}
    for source, targets in edges.items():
        for t in targets:
            followers.setdefault(t, set()).add(source)
    earliest = min((_when_key(o) for o in origins), default=datetime.max)
    memo: dict[str, tuple[datetime, bool]] = {}

    def bound(key: str) -> tuple[datetime, bool]:
        """The time by which `key` had reported, and whether that time is only a time of adding."""
        if key not in memo:
            memo[key] = (datetime.max, True)  # a guard; the graph has no cycles left
            own = members.get(key)
            times = [(_when_key(own), own.undated)] if own is not None else []
            times += [bound(f) for f in followers.get(key, ())]
            if own is None and key in called_first:
                times.append((earliest, False))
            memo[key] = min(times, default=(datetime.max, True))
        return memo[key]

    roots = [k for k in names if not edges.get(k)]
    if not roots:
        return []
    top = min(bound(k)[0] for k in roots)
    out = []
    for key in sorted((k for k in roots if bound(k)[0] == top), key=lambda k: names[k]):
        own = members.get(key)
        chain = sorted(_upstream(followers, key), key=lambda k: (bound(k)[0], names[k]))
        by, undated = bound(key)
        out.append(
            Reporter(
                key,
                names[key],
                own.when if own is not None and not own.undated else None,  # a time of adding is no date
                undated,  # how it is ranked: by its own time or a follower's
                own is not None,
                by if by != datetime.max else None,
                [names[k] for k in chain],
                None if own is not None else said.get(key),
            )  # fmt: skip
        )
    return out


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = [start]
    while todo:
        key = todo.pop()
        if key == goal:
            return True
        if key not in seen:
            seen.add(key)
            todo.extend(edges.get(key, ()))
    return False


def _upstream(followers: dict[str, set[str]], key: str) -> set[str]:
    """Every outlet that credits `key`, directly or through the outlet it credits."""
    out: set[str] = set()
    todo = list(followers.get(key, ()))
    while todo:
        k = todo.pop()
        if k not in out and k != key:
            out.add(k)
            todo.extend(followers.get(k, ()))
    return out


def earliest_credits(
    article: Article,
    results: list[ClaimResult],
    origins: dict[int, Origin] | None = None,
    own: Origin | None = None,
    own_credits: dict[int, list[Attributed]] | None = None,
    stored_credits: dict[int, list[Attributed]] | None = None,
    elsewhere: dict[int, list[Attributed]] | None = None,
    near: set[tuple[int | None, int | None]] | None = None,
) -> list[Credit]:
    """For each claim other outlets agree with, credit the origin that published it first.

    Also marks each match whose article copies another stored article (`copy_of_article_id`),
    so reports count "3 outlets agree (1 more copy)".

    `origins` maps stored article ids to their origin (copies.origins); `own` is the new
    article's origin (copies.origin_of_new). Without them every article counts as its own origin.
    `own_credits` (by the new article's claim index) and `stored_credits` (by stored claim id) are
    the credits each article's text gives for a claim, whose chain `follow_chain` follows;
    `elsewhere` all the credits a stored article gives (by article id), used for a stored claim
    when `near` holds (credit's claim id, stored claim id).
    """
    own_credits, stored_credits, elsewhere = own_credits or {}, stored_credits or {}, elsewhere or {}
    near = near or set()
    out: list[Credit] = []
    own = own or Origin(outlet_key(article.outlet), article.outlet, article.published_at,
                        article.published_at is None, None)  # fmt: skip
    for result in results:
        for m in result.matches:
            origin = (origins or {}).get(m.other.article_id)
            if origin is not None and origin.root_article_id not in (None, m.other.article_id):
                m.copy_of_article_id = origin.root_article_id
    for index, result in enumerate(results):
        # an earlier claim that only the new one holds did not report what the new one says
        agreeing = [
            m.other for m in result.matches if m.relation == "agrees" and m.evidence.get("reading") != NEW_HOLDS_EARLIER
        ]
        if not agreeing:
            continue
        members: list[tuple[int | None, Origin]] = [(None, own)]
        evidence = {own.key: result.claim.text}
        credits = [Attributed(own.key, a.outlet, a.first, a.evidence) for a in own_credits.get(index, [])]
        around: list[Attributed] = []
        for other in agreeing:
            origin = (origins or {}).get(other.article_id) or Origin(
                outlet_key(other.outlet), other.outlet, other.published_at or other.added_at,
                other.published_at is None, other.article_id)  # fmt: skip
            members.append((other.article_id, origin))
            evidence.setdefault(origin.key, other.claim.text)
            theirs = stored_credits.get(other.claim.claim_id or -1, [])
            credits += [Attributed(origin.key, a.outlet, a.first, a.evidence) for a in theirs]
            around += [
                Attributed(origin.key, a.outlet, a.first, a.evidence)
                for a in elsewhere.get(other.article_id, [])
                if (a.claim_id, other.claim.claim_id) in near
            ]
        ranked = rank(members)
        if len(ranked.origins) < 2:
            continue  # one voice and its copies: nobody else reported it, so nobody was first
        first = [_own_report(r, result, evidence) for r in follow_chain(ranked.origins, credits, around)]
        for r in first:
            if r.stored:
                when = f"{r.when:%Y-%m-%d}" if r.when else f"undated; by {r.by:%Y-%m-%d}" if r.by else "undated"
                said = f"{evidence[r.key]} ({'undated, ranked by time of adding' if r.undated else when})"
            else:  # the sentence that credits it; reports add "credited by X, not in the store"
                said = r.evidence or ""
            out.append(
                Credit(
                    r.outlet,
                    "earliest",
                    said,
                    claim_index=index,
                    tie=len(first) > 1,
                    undated=r.undated,
                    credited_by=r.credited_by,
                    stored=r.stored,
                )  # fmt: skip
            )
    return out


def _own_report(r: Reporter, result: ClaimResult, evidence: dict[str, str]) -> Reporter:
    """A first reporter reached through the chain whose own stored article agrees with the claim
    is credited with that article and its date, though the model read its claim as narrower (the
    check lists it among the agreements; "its own report not matched" would contradict that)."""
    if r.stored:
        return r

    def when(o: StoredClaim) -> datetime:
        return o.published_at or o.added_at or datetime.max

    own = [m.other for m in result.matches if m.relation == "agrees" and outlet_key(m.other.outlet) == r.key]
    if r.by is not None:  # a later article of the outlet is no report the crediting one could cite
        own = [o for o in own if when(o) <= r.by]
    if not own:
        return r
    first = min(own, key=when)
    evidence.setdefault(r.key, first.claim.text)
    return replace(r, when=first.published_at, undated=first.published_at is None, stored=True, evidence=None)


def credit_article(
    article: Article, claims: list[Claim], results: list[ClaimResult], store: Store, copy_of: CopyLink | None
) -> list[Credit]:
    """Explicit and earliest credits for a new article, reading what they need from the store.

    Marks matches with copies (see `earliest_credits`).
    """
    known = store.outlet_keys()
    explicit = explicit_credits(article, claims, known)
    if explicit:  # the store's spellings are read only for the few articles that credit someone
        stored = store.rows("SELECT outlet_key, min(outlet) FROM articles GROUP BY 1")
        explicit = _spell_as_stored(explicit, {str(key): str(name) for key, name in stored})
    matched = sorted({m.other.article_id for r in results for m in r.matches})
    found = copies.origins(store, matched) if matched else {}
    own = copies.origin_of_new(article, copy_of, store, datetime.now())
    mine: dict[int, list[Attributed]] = {}
    for c in explicit:  # by claim index; a "first" credit of a vague scope ("first reported the plan") covers the lede
        for index in {c.claim_index, 0 if c.first and vague_scope(c.scope) else None} - {None}:
            mine.setdefault(int(index or 0), []).append(Attributed("", c.credited_outlet, c.first, c.evidence))
    agreeing = [m.other for r in results for m in r.matches if m.relation == "agrees"]
    theirs = _stored_attributions(store, sorted({int(o.claim.claim_id) for o in agreeing if o.claim.claim_id}))
    around = _article_credits(store, sorted({o.article_id for o in agreeing}))
    pairs = [(a.claim_id, o.claim.claim_id) for o in agreeing for a in around.get(o.article_id, [])]
    near = _near(store, [(x, y) for x, y in pairs if x is not None and y is not None and x != y])
    earliest = earliest_credits(article, results, found, own, mine, theirs, around, set(near))
    for c in earliest:  # "not in the store" must not be said of an outlet the store holds
        if not c.stored:
            c.outlet_in_store = bool(
                store.rows("SELECT 1 FROM articles WHERE outlet_key = ? LIMIT 1", [outlet_key(c.credited_outlet)])
            )
    return explicit + earliest


def _article_credits(store: Store, article_ids: list[int] | None = None) -> dict[int, list[Attributed]]:
    """Every outlet each article credits, in any sentence (all articles when `article_ids` is None)."""
    if article_ids is not None and not article_ids:
        return {}
    sql = "SELECT article_id, credited_outlet, is_first, evidence, claim_id FROM credits WHERE kind = 'explicit'"
    rows = store.rows(sql + " AND article_id IN (SELECT unnest(?::BIGINT[]))", [article_ids]) if article_ids else (
        store.rows(sql))  # fmt: skip
    out: dict[int, list[Attributed]] = {}
    for aid, outlet, is_first, evidence, cid in rows:
        claim_id = int(cid) if cid is not None else None
        out.setdefault(int(aid), []).append(Attributed("", str(outlet), bool(is_first), str(evidence), claim_id))
    return out


CHAIN_SIMILARITY = 0.6  # a credit an article gives for a sentence this close to a claim covers the claim


def _near(store: Store, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (claim, claim) pairs whose stored vectors are at least CHAIN_SIMILARITY alike."""
    ids = sorted({i for pair in pairs for i in pair})
    if not ids:
        return set()
    vecs = store.vectors(np.array(ids, dtype=np.int64))
    at = {cid: i for i, cid in enumerate(ids)}
    return {(a, b) for a, b in pairs if float(vecs[at[a]] @ vecs[at[b]]) >= CHAIN_SIMILARITY}


def _stored_attributions(store: Store, claim_ids: list[int]) -> dict[int, list[Attributed]]:
    """The credits stored articles give for these claims: those in the claim's own sentence, and
    a "first" credit of a vague scope for the article's lede (as `claim_groups` reads them)."""
    if not claim_ids:
        return {}
    rows = store.rows(
        """
        WITH wanted AS (SELECT c.claim_id, c.article_id, c.claim_id = min(c2.claim_id) AS lede
                        FROM claims c JOIN claims c2 ON c2.article_id = c.article_id
                        WHERE c.claim_id IN (SELECT unnest(?::BIGINT[])) GROUP BY c.claim_id, c.article_id)
        SELECT w.claim_id, cr.credited_outlet, cr.is_first, cr.scope, cr.evidence, cr.claim_id = w.claim_id
        FROM wanted w JOIN credits cr ON cr.article_id = w.article_id
        WHERE cr.kind = 'explicit' AND (cr.claim_id = w.claim_id OR (w.lede AND cr.is_first))
        ORDER BY cr.credit_id
        """,
        [claim_ids],
    )
    out: dict[int, list[Attributed]] = {}
    for cid, outlet, is_first, scope, evidence, direct in rows:
        if direct or vague_scope(scope):
            out.setdefault(int(cid), []).append(Attributed("", str(outlet), bool(is_first), str(evidence)))
    return out


# ---- credits across the store (`consist credits`) ------------------------------------------

DISPUTE_SIMILARITY = 0.6  # two "first to report" sentences this close credit the same story


@dataclass
class OutletAt:
    """One independent outlet on a claim, with the time that ranks it."""

    outlet: str
    when: datetime | None  # None for a first reporter whose report is not in the store
    undated: bool  # `when` is the time of adding
    stored: bool = True  # its report of the claim is in the store (else only articles crediting it are)
    credited_by: list[str] = field(default_factory=list)  # first reporters: outlets crediting it, down the chain
    at_latest: datetime | None = None  # first reporters: when it had reported at the latest (own or a follower's)
    outlet_in_store: bool = False  # not stored: the store holds the outlet's articles, none of them on this claim


@dataclass
class ExplicitCredit:
    """An article's text credits an outlet for the group's story."""

    credited_outlet: str
    credited_by: str  # the outlet whose article says it (by origin: a wire copy speaks for the wire)
    evidence: str
    first: bool
    scope: str | None
    article_id: int
    claim_id: int | None


@dataclass
class ClaimGroup:
    """Claims that agree across outlets, who published first, who credits whom, who confirms."""

    claim: str  # the earliest claim of the group, as written
    claim_id: int
    first: list[OutletAt]  # several on a tie
    independent: list[OutletAt]  # one per origin, earliest first; copies folded away
    copies: int  # articles in the group that repeat an origin already counted
    claims: int
    explicit: list[ExplicitCredit]
    disputed: bool = False  # articles credit different outlets as first for this story
    tie: bool = False
    undated: bool = False  # the first reporter is ranked by time of adding


def claim_groups(store: Store) -> list[ClaimGroup]:
    """Group stored claims by agreement: each claim joins the group of the earliest-rooted claim
    it agrees with directly, best first.

    Stars, not chains: every member agrees with the group's own claim. Joining the claim it agreed
    with best, whatever that one had joined, let chains of partial agreements merge the stories of
    a day on real reporting ("Russia hammered Ukraine's energy grid" / "... during Russia's biggest
    missile strike, missiles entered Poland" / "missile fragments landed in Kyiv").
    Copies join the claim they repeat in their original. Only groups that two independent outlets
    share, or that an article credits to an outlet, are returned, earliest first. A group's first
    reporter follows the chain of attribution (`follow_chain`): the credits given in the group's
    own sentences, and "first" credits of a vague scope given in an article whose lede is in it.
    """
    claim_rows = store.rows("SELECT claim_id, article_id, text FROM claims ORDER BY claim_id")
    if not claim_rows:
        return []
    article_of = {int(c): int(a) for c, a, _ in claim_rows}
    text_of = {int(c): t for c, _, t in claim_rows}
    agreeing: dict[int, list[tuple[float, int]]] = {}
    for cid, other, score in store.rows(
        "SELECT claim_id, other_claim_id, score FROM relations WHERE relation = 'agrees' AND other_claim_id < claim_id"
    ):
        agreeing.setdefault(int(cid), []).append((float(score), int(other)))
    parent: dict[int, int] = {}

    def root(cid: int) -> int:
        seen = set()
        while cid in parent and cid not in seen:
            seen.add(cid)
            cid = parent[cid]
        return cid

    _join_copies(store, claim_rows, parent)
    for cid in sorted(agreeing):  # earlier claims are placed first
        if cid in parent:
            continue  # a copy: it stays with the sentence it repeats
        direct = {other for _, other in agreeing[cid]}
        for _, other in sorted(agreeing[cid], reverse=True):
            top = root(other)
            if top in direct:
                parent[cid] = top
                break
    found = copies.origins(store, sorted(set(article_of.values())))

    members: dict[int, list[int]] = {}
    for cid in article_of:
        members.setdefault(root(cid), []).append(cid)
    lede: dict[int, int] = {}
    for cid, aid in article_of.items():
        lede[aid] = min(cid, lede.get(aid, cid))
    elsewhere = _article_credits(store)
    credits_at: dict[int, list[ExplicitCredit]] = {}
    for cid, found_credits in _explicit_by_claim(store, found).items():
        for e in found_credits:
            tops = {root(cid)}
            if vague_scope(e.scope):
                tops.add(root(lede[e.article_id]))
            for top in tops:
                credits_at.setdefault(top, []).append(e)
    pairs = [(a.claim_id, c) for c, aid in article_of.items() for a in elsewhere.get(aid, [])
             if a.claim_id is not None and root(a.claim_id) != root(c)]  # fmt: skip
    near = _near(store, [(int(x), y) for x, y in pairs if x is not None])
    held = store.outlet_keys()
    groups: list[ClaimGroup] = []
    for top, cids in members.items():
        ranked = rank([(article_of[c], found[article_of[c]]) for c in cids])
        inside = set(cids)
        # a credit of the group's own sentences, or a "first" credit of the whole story given in an
        # article whose lede is here; not "Radio Lublin reports another version" from the lede's article
        credits = [e for e in credits_at.get(top, []) if e.claim_id in inside or (e.first and vague_scope(e.scope))]
        if len(ranked.origins) < 2 and not credits:
            continue
        at = [OutletAt(o.outlet, o.when, o.undated) for o in ranked.origins]
        chain = [Attributed(found[e.article_id].key, e.credited_outlet, e.first, e.evidence) for e in credits]
        around = [Attributed(found[article_of[c]].key, a.outlet, a.first, a.evidence)
                  for c in cids for a in elsewhere.get(article_of[c], []) if (a.claim_id, c) in near]  # fmt: skip
        first = [OutletAt(r.outlet, r.when, r.undated, r.stored, r.credited_by, r.by,
                          outlet_in_store=not r.stored and outlet_key(r.outlet) in held)
                 for r in follow_chain(ranked.origins, chain, around)]  # fmt: skip
        groups.append(
            ClaimGroup(
                text_of[top],
                top,
                first,
                at,
                ranked.copies,
                len(cids),
                _dedupe(credits),
                tie=len(first) > 1,
                undated=any(o.undated for o in first),
            )  # fmt: skip
        )
    _mark_disputes(store, groups)
    groups.sort(key=lambda g: (_naive(g.first[0].at_latest) if g.first else datetime.max, g.claim_id))
    return groups


def _join_copies(store: Store, claim_rows: list[tuple[Any, ...]], parent: dict[int, int]) -> None:
    """A copy's claims join the same sentence in the article it copies (same outlet: never matched)."""
    links = {int(a): int(o) for a, o in store.rows(
        "SELECT article_id, original_article_id FROM copies WHERE original_article_id IS NOT NULL")}  # fmt: skip
    if not links:
        return
    by_text: dict[tuple[int, str], int] = {}
    for cid, aid, text in claim_rows:
        by_text.setdefault((int(aid), " ".join(text.lower().split())), int(cid))
    for cid, aid, text in claim_rows:
        original = links.get(int(aid))
        twin = by_text.get((original, " ".join(text.lower().split()))) if original is not None else None
        if twin is not None and twin != int(cid):
            parent[int(cid)] = twin


def _explicit_by_claim(store: Store, found: dict[int, Origin]) -> dict[int, list[ExplicitCredit]]:
    out: dict[int, list[ExplicitCredit]] = {}
    rows = store.rows(
        "SELECT article_id, claim_id, credited_outlet, evidence, is_first, scope FROM credits "
        "WHERE kind = 'explicit' AND claim_id IS NOT NULL ORDER BY credit_id"
    )
    for aid, cid, outlet, evidence, is_first, scope in rows:
        by = found[int(aid)].outlet if int(aid) in found else ""
        out.setdefault(int(cid), []).append(
            ExplicitCredit(outlet, by, evidence, bool(is_first), scope, int(aid), int(cid))
        )
    return out


def _dedupe(credits: list[ExplicitCredit]) -> list[ExplicitCredit]:
    """One entry per (credited outlet, crediting origin): a wire story's copies credit once."""
    seen: dict[tuple[str, str], ExplicitCredit] = {}
    for c in credits:
        key = (outlet_key(c.credited_outlet), outlet_key(c.credited_by))
        if key not in seen or (c.first and not seen[key].first):
            seen[key] = c
    return list(seen.values())


def _mark_disputes(store: Store, groups: list[ClaimGroup]) -> None:
    """Articles that credit different outlets as first for the same story: show each group both."""
    firsts = [(g, c) for g in groups for c in g.explicit if c.first and c.claim_id is not None]
    if len(firsts) < 2:
        return
    ids = np.array([c.claim_id for _, c in firsts], dtype=np.int64)
    vecs = store.vectors(ids)
    sims = vecs @ vecs.T
    for i, (gi, ci) in enumerate(firsts):
        for j, (gj, cj) in enumerate(firsts):
            if i == j or outlet_key(ci.credited_outlet) == outlet_key(cj.credited_outlet):
                continue
            if gi is gj or sims[i, j] >= DISPUTE_SIMILARITY:
                gi.disputed = True
                if cj not in gi.explicit:
                    gi.explicit.append(cj)
