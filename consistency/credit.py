"""Who reported it first: explicit credits in the text, the earliest publisher, and copies.

First version: a few credit phrases, earliest-date credit over agreeing outlets, copies from
republishing footers.
"""

from __future__ import annotations

import re
from datetime import datetime

from consistency.models import Article, Claim, ClaimResult, CopyLink, Credit
from consistency.outlets import canonical_outlet, outlet_key

_NAME = r"(?P<outlet>(?:[A-Z][\w.&'’-]*\s?){1,5})"
_PATTERNS = [
    (re.compile(rf"{_NAME}\s*(?:was|were)\s+the\s+first\s+to\s+report"), True),
    (re.compile(rf"{_NAME}\s*first\s+reported"), True),
    (re.compile(rf"as\s+first\s+reported\s+by\s+{_NAME}"), True),
    (re.compile(rf"according\s+to\s+{_NAME}"), False),
]


def explicit_credits(article: Article, claims: list[Claim]) -> list[Credit]:
    out: list[Credit] = []
    own = outlet_key(article.outlet)
    for index, claim in enumerate(claims):
        for pattern, first in _PATTERNS:
            m = pattern.search(claim.text)
            if not m:
                continue
            name = re.sub(r"^(?:The\s+)?(?:[A-Z][a-z]+\s+)?(?:magazine|newspaper|weekly|daily)\s+", "", m.group("outlet"))
            name = canonical_outlet(name)
            if outlet_key(name) == own or not name:
                continue
            out.append(Credit(name, "explicit", claim.text, first=first, scope=claim.proposition, claim_index=index))
            break
    return out


def earliest_credits(article: Article, results: list[ClaimResult]) -> list[Credit]:
    """For each claim that other outlets agree with, credit whoever published it first."""
    out: list[Credit] = []
    for index, result in enumerate(results):
        agreeing = [m.other for m in result.matches if m.relation == "agrees"]
        if not agreeing:
            continue
        entries: list[tuple[datetime | None, str, str]] = [
            (article.published_at, article.outlet, result.claim.text)
        ] + [(o.published_at, o.outlet, o.claim.text) for o in agreeing]
        dated = [e for e in entries if e[0] is not None]
        undated = not dated
        pool = dated or entries
        if undated:
            best_outlet, evidence = pool[-1][1], pool[-1][2]
            out.append(Credit(best_outlet, "earliest", evidence, claim_index=index, undated=True))
            continue
        first_date = min(e[0] for e in dated if e[0] is not None)
        firsts = {e[1]: e for e in dated if e[0] == first_date}
        for outlet, entry in firsts.items():
            out.append(
                Credit(outlet, "earliest", f"{entry[2]} ({first_date:%Y-%m-%d})", claim_index=index, tie=len(firsts) > 1)
            )
    return out


def copy_link(article: Article) -> CopyLink | None:
    if article.republished_from and outlet_key(article.republished_from) != outlet_key(article.outlet):
        return CopyLink(None, article.republished_from, "footer")
    return None
