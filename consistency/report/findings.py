"""What every renderer shows the same way: independent voices per relation and the conflicting words.

Kept free of rich and of any output format so the terminal, Markdown, JSON and HTML reports
count outlets identically and highlight the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from consistency.models import CheckResult, Claim, ClaimResult, Credit, Match
from consistency.outlets import outlet_key

RELATION_ORDER = ("contradicts", "agrees", "discusses")
# Words, not colours: every label reads in a plain log.
LABELS = {"agrees": "AGREE", "contradicts": "CONTRADICT", "discusses": "DISCUSS"}
VERBATIM_MIN_WORDS = 6  # identical sentences this long from two outlets are one source copied

_WORD = re.compile(r"[\w'’.%-]+", re.UNICODE)
_STOP = frozenset(
    """a an the of to in on at by for from with and or but as is are was were be been being has have had
    it its this that these those which who whom what when where why how not no nor than then there their
    they them he she his her we our you your i me my will would could should can may might must shall do
    does did said says say told according over after before about into out up down also just only more most
    very such some any all each both other another new first last one two three""".split()
)


@dataclass
class Voice:
    """One independent source on one side: the best match, plus copies of it collapsed in."""

    lead: Match
    copies: list[Match] = field(default_factory=list)

    @property
    def copy_outlets(self) -> list[str]:
        """Other outlets repeating the lead (the lead's outlet excluded), in score order."""
        lead_key = outlet_key(self.lead.other.outlet)
        seen: dict[str, str] = {}
        for m in self.copies:
            key = outlet_key(m.other.outlet)
            if key != lead_key and key not in seen:
                seen[key] = m.other.outlet
        return list(seen.values())

    @property
    def copy_count(self) -> int:
        """Articles folded into the voice beyond the lead's: copies, and the outlet's other articles."""
        articles = {self.lead.other.article_id} | {m.other.article_id for m in self.copies}
        return len(articles) - 1

    @property
    def own_articles(self) -> int:
        """The lead outlet's other articles folded in that copy nothing: its own follow-up stories,
        which are no copies ("AP +1 copy" was said of AP's next-day story)."""
        lead_key = outlet_key(self.lead.other.outlet)
        copied = {m.other.article_id for m in self.copies if m.copy_of_article_id is not None}
        return len(
            {
                m.other.article_id
                for m in self.copies
                if outlet_key(m.other.outlet) == lead_key
                and m.other.article_id != self.lead.other.article_id
                and m.other.article_id not in copied
            }
        )


@dataclass
class ClaimFindings:
    """One claim of the checked article with its matches grouped into voices, and its credits."""

    index: int
    result: ClaimResult
    voices: dict[str, list[Voice]]
    credits: list[Credit]

    @property
    def claim(self) -> Claim:
        return self.result.claim

    def counted(self, relation: str) -> list[Voice]:
        """The voices that count: not rejected by a reviewer (see Match.rejected)."""
        return [v for v in self.voices.get(relation, []) if not v.lead.rejected]

    def independent(self, relation: str) -> int:
        return len(self.counted(relation))

    def copies(self, relation: str) -> int:
        return sum(v.copy_count for v in self.counted(relation))


def _norm_text(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def group_voices(matches: list[Match]) -> list[Voice]:
    """Collapse matches that are one source: same outlet, a copy of the same article, or verbatim text.

    A wire story run by three outlets, or an article and its republication, is one voice; the
    voice is led by its best-scoring match that is not itself a copy.
    """
    ordered = sorted(matches, key=lambda m: (-m.score, -m.similarity))
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by: dict[tuple[str, object], int] = {}
    for i, m in enumerate(ordered):
        text = _norm_text(m.other.claim.text)
        keys: list[tuple[str, object]] = [
            ("outlet", outlet_key(m.other.outlet)),
            ("root", m.copy_of_article_id if m.copy_of_article_id is not None else m.other.article_id),
        ]
        if len(text.split()) >= VERBATIM_MIN_WORDS:
            keys.append(("text", text))
        for key in keys:
            if key in first_by:
                parent[find(i)] = find(first_by[key])
            else:
                first_by[key] = i
    groups: dict[int, list[Match]] = {}
    for i, m in enumerate(ordered):
        groups.setdefault(find(i), []).append(m)
    voices = []
    for members in groups.values():  # dict order = order of each group's best match
        lead = next((m for m in members if m.copy_of_article_id is None), members[0])
        voices.append(Voice(lead, [m for m in members if m is not lead]))
    return voices


def claim_findings(result: CheckResult) -> list[ClaimFindings]:
    """Every claim of the article, with its voices per relation and the credits that name it."""
    out = []
    for index, r in enumerate(result.claims):
        # a rejected match (judged wrong, or under the floor; listed only with --show-rejected) is a
        # voice of its own, after the others, and never folded into one a reviewer let stand
        voices = {
            rel: group_voices([m for m in r.matches if m.relation == rel and not m.rejected])
            + group_voices([m for m in r.matches if m.relation == rel and m.rejected])
            for rel in RELATION_ORDER
            if any(m.relation == rel for m in r.matches)
        }
        credits = [c for c in result.credits if c.claim_index == index]
        out.append(ClaimFindings(index, r, voices, credits))
    return out


def loose_credits(result: CheckResult) -> list[Credit]:
    """Credits not tied to one claim of the article."""
    n = len(result.claims)
    return [c for c in result.credits if c.claim_index is None or not 0 <= c.claim_index < n]


def has_findings(f: ClaimFindings) -> bool:
    return bool(f.voices) or bool(f.credits)


_PLURALS = {"copy": "copies", "match": "matches", "discussion": "discussions"}


def counted(n: int, noun: str) -> str:
    """ "1 claim", "3 claims": every count a report prints ("1 agreements" read as a slip)."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {_PLURALS.get(noun, noun + 's')}"


def when(published: datetime | None) -> str:
    return f"{published:%Y-%m-%d}" if published else "undated"


def verdict_words(verdict: str | None, below_floor: bool = False) -> str:
    """What a reviewer said of a finding, in words every format shows: "" when nothing."""
    if verdict == "wrong":
        return "verdict: wrong (rejected)"
    if verdict is not None:
        return f"verdict: {verdict}"
    if below_floor:
        return "below the store's refitted contradiction floor"
    return ""


def verdict_tag(m: Match) -> str:
    return verdict_words(m.verdict, m.below_floor)


def voice_line(v: Voice, lead: str, escape: Callable[[str], str], plus: str = "+") -> str:
    """ "Outlet (date) +2 copies (A, B)": one voice, in every format (each brings its own escaping),
    with the reviewer's verdict on the lead match when there is one (" · verdict: right")."""
    text = f"{lead} ({when(v.lead.other.published_at)})"
    copies, own = v.copy_count - v.own_articles, v.own_articles
    if copies:
        names = ", ".join(escape(o) for o in v.copy_outlets)
        text += f" {plus}{counted(copies, 'copy')}" + (f" ({names})" if names else "")
    if own:
        text += f" {plus}{counted(own, f'more {lead} article')}"
    if tag := verdict_tag(v.lead):
        text += f" · {tag}"
    return text


_VERBS = {
    "agrees": ("agrees", "agree"),
    "contradicts": ("contradicts", "contradict"),
    "discusses": ("discusses", "discuss"),
}


def count_phrase(f: ClaimFindings, relation: str) -> str:
    """ "3 outlets agree (2 more copies collapsed)": independent outlets, then what was folded in."""
    n, copies = f.independent(relation), f.copies(relation)
    singular, plural = _VERBS[relation]
    text = f"{n} outlet {singular}" if n == 1 else f"{n} outlets {plural}"
    own = sum(v.own_articles for v in f.counted(relation))
    folded = [
        f"{k} more {one if k == 1 else many}"
        for k, one, many in (
            (copies - own, "copy", "copies"),
            (own, "article by the same outlet", "articles by the same outlets"),
        )
        if k
    ]
    if folded:
        text += f" ({' and '.join(folded)} collapsed)"
    return text


def distinct_outlets(findings: list[ClaimFindings], relation: str) -> int:
    """Outlets on one side over the whole article, each counted once however many claims it
    matched, with copies collapsed: outlets that were one voice on any claim (a wire story and
    the sites running it) are one source."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for f in findings:
        for v in f.counted(relation):
            lead = find(outlet_key(v.lead.other.outlet))
            for m in v.copies:
                other = find(outlet_key(m.other.outlet))
                if other != lead:
                    parent[other] = lead
    return sum(1 for key in parent if find(key) == key)


def totals(findings: list[ClaimFindings]) -> dict[str, int]:
    """Per relation over the whole article: `outlets_<rel>` distinct outlets (what a summary that
    names outlets counts), `independent_<rel>` voices summed claim by claim (an outlet that
    matched three claims is three), and `copies_<rel>` copies collapsed into those voices."""
    out: dict[str, int] = {}
    for rel in RELATION_ORDER:
        out[f"independent_{rel}"] = sum(f.independent(rel) for f in findings)
        out[f"copies_{rel}"] = sum(f.copies(rel) for f in findings)
        out[f"outlets_{rel}"] = distinct_outlets(findings, rel)
    out["claims_without_findings"] = sum(1 for f in findings if not has_findings(f))
    return out


def outlets_phrase(n: int) -> str:
    return f"{n} outlet" if n == 1 else f"{n} outlets"


# ---- conflicting words ----------------------------------------------------------------------


# Evidence keys whose words are no conflict: what both sentences share ("shared_entities": China,
# Moscow), the finding's name and its reason sentence, and the model's numbers.
_NOT_CONFLICT_KEYS = ("shared", "kind", "reason", "model", "denier", "similarity", "strength")


def _side(key: str) -> str | None:
    """The side an evidence key names: "new" (this article), "old" (the other outlet), or None."""
    k = key.lower()
    if "new" in k or k in ("claim", "this"):
        return "new"
    if any(w in k for w in ("old", "other", "earlier", "previous")):
        return "old"
    return None


def _side_strings(evidence: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Evidence strings for (this article, the other outlet, either): each string goes to the side
    the nearest key above it names ({"findings": [{"old_span": ...}]} is the other outlet's)."""
    out: dict[str | None, list[str]] = {"new": [], "old": [], None: []}

    def walk(value: Any, side: str | None) -> None:
        if isinstance(value, str):
            out[side].append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if not any(str(key).lower().startswith(k) for k in _NOT_CONFLICT_KEYS):
                    walk(item, _side(str(key)) or side)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, side)

    walk(evidence, None)
    return out["new"], out["old"], out[None]


def _present(phrase: str, text: str) -> bool:
    phrase = phrase.strip()
    if len(phrase) < 2 or len(phrase) > 0.8 * len(text):  # a whole sentence is no highlight
        return False
    return _has(phrase, text)


def _has(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower().strip(".") not in _STOP and len(w.strip(".")) > 2]


def _shared(term: str, other_text: str) -> bool:
    """Every word of `term` that is no function word is in the other sentence too: "China",
    "Moscow" or "million euros" in both is common ground, not what the two dispute. A term of
    function words only ("not", "no") is a cue and never shared."""
    words = [w.strip(".'’-") for w in _WORD.findall(term) if w.lower().strip(".'’-") not in _STOP]
    words = [w for w in words if w]
    return bool(words) and all(_has(w, other_text) for w in words)


def conflict_terms(claim: Claim, match: Match) -> tuple[list[str], list[str]]:
    """Words to highlight in (this article's sentence, the other outlet's sentence).

    The judge's evidence and reasons first, then the claims' own cues where they differ
    (negation words, hedges, numbers); only when none of those appear in the text, a diff of
    the content words each sentence has and the other lacks. Either way, only words that differ
    or carry the conflict: a word both sentences share (a place, a name, a unit) is never marked.
    """
    other = match.other.claim
    new_ev, old_ev, both_ev = _side_strings(match.evidence)
    # words pulled out of a reason ("number: 250 vs 90") must not be stop words; cues may be ("not")
    reason_words = [w for r in match.reasons for w in _WORD.findall(r.split(":", 1)[-1]) if w.lower() not in _STOP]
    new_terms = new_ev + both_ev + reason_words
    old_terms = old_ev + both_ev + reason_words
    if claim.polarity != other.polarity:
        new_terms += claim.polarity_cues
        old_terms += other.polarity_cues
    if claim.hedge != other.hedge:
        new_terms += claim.hedge_cues
        old_terms += other.hedge_cues
    if {q.low for q in claim.quantities} != {q.low for q in other.quantities}:
        new_terms += [q.text for q in claim.quantities]
        old_terms += [q.text for q in other.quantities]

    def keep(terms: list[str], text: str, other_text: str) -> list[str]:
        out: list[str] = []
        for t in terms:
            t = t.strip()
            if t and t not in out and _present(t, text) and not _shared(t, other_text):
                out.append(t)
        return out

    new_keep, old_keep = keep(new_terms, claim.text, other.text), keep(old_terms, other.text, claim.text)
    if new_keep or old_keep:
        return new_keep, old_keep
    new_words = {w.lower() for w in _content_words(claim.text)}
    old_words = {w.lower() for w in _content_words(other.text)}
    return (
        keep([w for w in _content_words(claim.text) if w.lower() not in old_words], claim.text, other.text),
        keep([w for w in _content_words(other.text) if w.lower() not in new_words], other.text, claim.text),
    )


def mark_spans(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, highlighted) pieces, highlighting each whole-word term."""
    spans: list[tuple[int, int]] = []
    for t in terms:
        for m in re.finditer(rf"(?<!\w){re.escape(t.strip())}(?!\w)", text, re.IGNORECASE):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


_QUOTE_MARKS = frozenset("\"'“”„‟«»‘’‚‹›「『")


def quoted(text: str, escape: Callable[[str], str]) -> str:
    """The text in “…”, escaped for its format; as it is when it already opens with a quotation
    mark ("China has …," he said.): a second opening mark (“"China) reads as a typo, and the
    text's own marks already say it is a quote."""
    shown = escape(text)
    if text.lstrip()[:1] in _QUOTE_MARKS:
        return shown
    if text.rstrip()[-1:] in '”"' and text.count("“") < text.count("”") + text.count('"') % 2:
        return f"“{shown}"  # the quote's own closing mark ends it: “... from Russia.”” read double
    return f"“{shown}”"


def credit_kind(c: Credit) -> str:
    """How a credit was earned, in the words every report format uses; an earliest publisher
    found by following the chain of attribution says who credits it."""
    if c.kind == "explicit":
        return "named in the text" + (" as first" if c.first else "")
    chain = chain_words(c.credited_by, stored=c.stored, outlet_in_store=c.outlet_in_store)
    if not c.stored:
        return f"first reporter ({chain})" + (" (tie)" if c.tie else "")
    kind = "earliest publisher" + (" (tie)" if c.tie else "") + (" (undated: by time added)" if c.undated else "")
    return kind + (f"; {chain}" if chain else "")


def chain_words(credited_by: list[str], *, stored: bool, outlet_in_store: bool = False) -> str:
    """The chain of attribution in words: "CNN and Reuters credit it", or for a first reporter whose
    own report is not in the store, "credited by CNN, not in the store" (or, where the store holds
    the outlet's articles but none of them matched this claim, "its own report not matched")."""
    names = ", ".join(credited_by[:-1]) + " and " + credited_by[-1] if len(credited_by) > 1 else "".join(credited_by)
    if not stored:
        where = "its own report not matched" if outlet_in_store else "not in the store"
        return f"credited by {names}, {where}" if names else where
    return f"{names} credit{'s' if len(credited_by) == 1 else ''} it" if names else ""
