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
counted by origin (see copies.py): a copy neither earns nor steals credit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from consistency import copies
from consistency.copies import Origin
from consistency.models import Article, Claim, ClaimResult, CopyLink, Credit
from consistency.outlets import (
    DESCRIPTOR_WORDS,
    TITLE_ARTICLES,
    canonical_outlet,
    is_known_alias,
    looks_like_outlet,
    outlet_key,
)
from consistency.store import Store

_DESC_WORDS = "|".join(sorted(DESCRIPTOR_WORDS, key=len, reverse=True))
# "German-language weekly ", "the US newspaper ", "British broadcaster "
_DESC = rf"(?P<desc>(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:news\s+)?(?:{_DESC_WORDS})\s+)?"
_WORD = r"(?:[A-Z][\w.&'’-]*|\d[\w-]*)"
_CONNECT = r"(?:of|de|der|die|du|des|della|del|di|da|do|dos|van|von|la|le|al|el|am|and|&|for)"
_NAME = rf"(?P<name>(?:[Tt]he\s+)?{_WORD}(?:\s+(?:{_CONNECT}\s+)?{_WORD}){{0,5}})"
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
    _p("according_to", rf"[Aa]ccording\s+to\s+(?:(?:information|reports?|a\s+report|reporting|data)\s+"
       rf"(?:of|by|from|in)\s+)?{_DESC}{_NAME}", first=False, strong=False),
    _p("told", rf"\btold\s+{_DESC}{_NAME}", first=False, strong=False),
    # "in an interview with Der Spiegel", "speaking to the BBC", "a report in the Financial Times"
    _p("interview", rf"\b(?:[Ii]nterview\s+with|[Ss]peaking\s+to|[Ss]poke\s+to)\s+{_DESC}{_NAME}", first=False,
       strong=False),
    _p("report_in", rf"\b(?:[Aa]n?|[Tt]he)\s+(?:\w+\s+)?(?:report|article|story|investigation|interview)\s+"
       rf"(?:in|by|from|published\s+by|carried\s+by)\s+{_DESC}{_NAME}", first=False, strong=False),
)
# fmt: on
# A word every pattern above contains.
_TRIGGER = re.compile(
    r"first|originally|broke|report|reveal|scoop|citing|ccording|told|said\s+in|wrote\s+in|interview|peaking|spoke|"
    r"article|story|investigation",
    re.I,
)


def explicit_credits(article: Article, claims: list[Claim], known_outlets: Iterable[str] = ()) -> list[Credit]:
    """Credits the article's text gives to other outlets, one per (claim, outlet).

    `known_outlets` are outlet keys from the store: a name the store already holds articles from
    is an outlet even without a describing word.
    """
    known = set(known_outlets)
    own = {outlet_key(article.outlet)} | ({outlet_key(article.wire)} if article.wire else set())
    out: list[Credit] = []
    for index, claim in enumerate(claims):
        found: dict[str, Credit] = {}
        if not _TRIGGER.search(claim.text):
            continue  # most sentences credit nobody: one scan instead of every pattern
        for pattern in PATTERNS:
            for m in pattern.regex.finditer(claim.text):
                name = _clean_name(m.group("name"))
                if not name or not _is_outlet(name, m.group("desc"), pattern, claim.text, known, m.group(0)):
                    continue
                display = canonical_outlet(name)
                key = outlet_key(display)
                if key in own:
                    continue  # "three sources told Der Abendbote" in Der Abendbote: its own reporting
                scope = _scope(claim.text, m)
                previous = found.get(key)
                if previous is None:
                    found[key] = Credit(display, "explicit", claim.text, first=pattern.first, scope=scope,
                                        claim_index=index)  # fmt: skip
                elif pattern.first and not previous.first:
                    previous.first, previous.scope = True, scope
        out.extend(found.values())
    return out


def _clean_name(raw: str) -> str:
    name = re.sub(r"[’']s$", "", raw.strip())
    name = re.sub(r"^(?:[Tt]he)\s+", "The ", name)
    # sentence-initial words glued to the name by the regex ("On Tuesday Der Spiegel"): keep the outlet part
    while True:
        words = name.split(maxsplit=1)
        if len(words) < 2 or words[0].lower().strip(",") not in _LEADING:
            return name.strip()
        name = words[1]


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
    if desc or is_known_alias(name) or outlet_key(name) in known or looks_like_outlet(name):
        return True
    if not pattern.strong or _INSTITUTION.search(name):
        return False  # "The Federal Reserve reported", "Statistics Norway reported": sources, not outlets
    if pattern.org_needs is not None and not pattern.org_needs.search(matched):
        return False
    # only outlets "first report" or "cite" sources; a title with an article ("Der Tagesblick",
    # "Le Quotidien") is a publication, not a person, whatever the small tagger says
    return bool(_TITLED.match(name)) or _spacy_org(name, sentence)


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


def earliest_credits(
    article: Article,
    results: list[ClaimResult],
    origins: dict[int, Origin] | None = None,
    own: Origin | None = None,
) -> list[Credit]:
    """For each claim other outlets agree with, credit the origin that published it first.

    Also marks each match whose article copies another stored article (`copy_of_article_id`),
    so reports count "3 outlets agree (1 more copy)".

    `origins` maps stored article ids to their origin (copies.origins); `own` is the new
    article's origin (copies.origin_of_new). Without them every article counts as its own origin.
    """
    out: list[Credit] = []
    own = own or Origin(outlet_key(article.outlet), article.outlet, article.published_at,
                        article.published_at is None, None)  # fmt: skip
    for result in results:
        for m in result.matches:
            origin = (origins or {}).get(m.other.article_id)
            if origin is not None and origin.root_article_id not in (None, m.other.article_id):
                m.copy_of_article_id = origin.root_article_id
    for index, result in enumerate(results):
        agreeing = [m.other for m in result.matches if m.relation == "agrees"]
        if not agreeing:
            continue
        members: list[tuple[int | None, Origin]] = [(None, own)]
        evidence = {own.key: result.claim.text}
        for other in agreeing:
            origin = (origins or {}).get(other.article_id) or Origin(
                outlet_key(other.outlet), other.outlet, other.published_at or other.added_at,
                other.published_at is None, other.article_id)  # fmt: skip
            members.append((other.article_id, origin))
            evidence.setdefault(origin.key, other.claim.text)
        ranked = rank(members)
        if len(ranked.origins) < 2:
            continue  # one voice and its copies: nobody else reported it, so nobody was first
        for o in ranked.first:
            when = "undated, ranked by time of adding" if o.undated else f"{o.when:%Y-%m-%d}" if o.when else "undated"
            out.append(
                Credit(
                    o.outlet,
                    "earliest",
                    f"{evidence[o.key]} ({when})",
                    claim_index=index,
                    tie=len(ranked.first) > 1,
                    undated=o.undated,
                )  # fmt: skip
            )
    return out


def credit_article(
    article: Article, claims: list[Claim], results: list[ClaimResult], store: Store, copy_of: CopyLink | None
) -> list[Credit]:
    """Explicit and earliest credits for a new article, reading what they need from the store.

    Marks matches with copies (see `earliest_credits`).
    """
    known = store.outlet_keys()
    matched = sorted({m.other.article_id for r in results for m in r.matches})
    found = copies.origins(store, matched) if matched else {}
    own = copies.origin_of_new(article, copy_of, store, datetime.now())
    return explicit_credits(article, claims, known) + earliest_credits(article, results, found, own)


# ---- credits across the store (`consist credits`) ------------------------------------------

DISPUTE_SIMILARITY = 0.6  # two "first to report" sentences this close credit the same story


@dataclass
class OutletAt:
    """One independent outlet on a claim, with the time that ranks it."""

    outlet: str
    when: datetime | None
    undated: bool  # `when` is the time of adding


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
    """Group stored claims by agreement, each claim joining the earlier claim it agrees with best.

    A tree, not connected components: a chain of loose agreements cannot merge two stories.
    Copies join the claim they repeat in their original. Only groups that two independent outlets
    share, or that an article credits to an outlet, are returned, earliest first.
    """
    claim_rows = store.rows("SELECT claim_id, article_id, text FROM claims ORDER BY claim_id")
    if not claim_rows:
        return []
    article_of = {int(c): int(a) for c, a, _ in claim_rows}
    text_of = {int(c): t for c, _, t in claim_rows}
    parent: dict[int, int] = {}
    best: dict[int, float] = {}
    for cid, other, score in store.rows(
        "SELECT claim_id, other_claim_id, score FROM relations WHERE relation = 'agrees' AND other_claim_id < claim_id"
    ):
        if score > best.get(int(cid), -1.0):
            parent[int(cid)], best[int(cid)] = int(other), float(score)
    _join_copies(store, claim_rows, parent)
    found = copies.origins(store, sorted(set(article_of.values())))

    def root(cid: int) -> int:
        seen = set()
        while cid in parent and cid not in seen:
            seen.add(cid)
            cid = parent[cid]
        return cid

    members: dict[int, list[int]] = {}
    for cid in article_of:
        members.setdefault(root(cid), []).append(cid)
    lede: dict[int, int] = {}
    for cid, aid in article_of.items():
        lede[aid] = min(cid, lede.get(aid, cid))
    credits_at: dict[int, list[ExplicitCredit]] = {}
    for cid, found_credits in _explicit_by_claim(store, found).items():
        for e in found_credits:
            tops = {root(cid)}
            if vague_scope(e.scope):
                tops.add(root(lede[e.article_id]))
            for top in tops:
                credits_at.setdefault(top, []).append(e)
    groups: list[ClaimGroup] = []
    for top, cids in members.items():
        ranked = rank([(article_of[c], found[article_of[c]]) for c in cids])
        credits = credits_at.get(top, [])
        if len(ranked.origins) < 2 and not credits:
            continue
        at = [OutletAt(o.outlet, o.when, o.undated) for o in ranked.origins]
        first = at[: len(ranked.first)]
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
    groups.sort(key=lambda g: (_naive(g.first[0].when) if g.first else datetime.max, g.claim_id))
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
