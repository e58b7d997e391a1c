"""What every detector returns: a finding a person can read and check, not just a score.

Also the few text helpers the detectors share. They work on the claim's text with regular
expressions only, because `judge_pairs` sees claims that were parsed once already and must
stay cheaper than embedding them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from consistency.models import Claim

_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*%?|\?|:")
STOPWORDS = frozenset(
    """a an the of to in on for and or but is are was were be been being by with at from as that this
    these those it its it's he she they them his her their we our you your i me my has have had do does
    did will would shall should can could may might must not no so than then there here who whom which
    what when where why how all any some more most other such into over after before about up down out
    off again further once only own same too very just also s t says said say told tells reports report
    reported according new""".split()
)


@dataclass
class Finding:
    """One signal with its reason and the words on each side that support it."""

    kind: str  # similarity | same_event | polarity | quantity | state | denial | hedging
    reason: str  # readable: "number conflict: 100 drones vs dozens of drones"
    old_span: str | None = None
    new_span: str | None = None
    strength: float = 1.0  # 0..1, how sure the detector is of its own reading
    details: dict[str, Any] = field(default_factory=dict)

    def to_evidence(self) -> dict[str, Any]:
        # a shallow copy (not `asdict`, which deep-copies): it is made for every finding of every pair
        out = {k: getattr(self, k) for k in _FINDING_FIELDS}
        return {k: dict(v) if isinstance(v, dict) else v for k, v in out.items() if v not in (None, {}, [])}


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def words(text: str) -> list[str]:
    """Lower-case word tokens; apostrophes normalised so "isn’t" and "isn't" match."""
    return list(_words(text))  # a copy: callers may change their list


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """Each claim is tokenised once however many pairs it is in."""
    return tuple(t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text))


# irregular forms of news verbs, so a raw "stolen" meets the parser's lemma "steal" (not "left",
# "rose", "saw", "felt", "lay": as often a direction, a name, a tool, a noun or another verb)
_IRREGULAR_PAIRS = """stole:steal stolen:steal sent:send held:hold shot:shoot took:take taken:take built:build
    paid:pay found:find caught:catch fled:flee seen:see told:tell won:win lost:lose gave:give given:give
    made:make brought:bring bought:buy sold:sell fought:fight threw:throw thrown:throw struck:strike
    led:lead met:meet kept:keep began:begin begun:begin broke:break broken:break spoke:speak
    spoken:speak wrote:write written:write drove:drive driven:drive fell:fall fallen:fall risen:rise
    grew:grow grown:grow knew:know known:know went:go gone:go came:come ran:run sank:sink sunk:sink
    hid:hide hidden:hide spent:spend sought:seek thought:think ate:eat eaten:eat froze:freeze
    frozen:freeze swore:swear sworn:swear withdrew:withdraw withdrawn:withdraw flew:fly flown:fly
    blew:blow blown:blow drew:draw drawn:draw wore:wear worn:wear tore:tear torn:tear chose:choose
    chosen:choose hung:hang dug:dig stuck:stick shook:shake shaken:shake rode:ride ridden:ride
    beaten:beat bled:bleed dealt:deal meant:mean bitten:bite forgave:forgive
    forgiven:forgive forbade:forbid forbidden:forbid overtook:overtake overtaken:overtake
    undertook:undertake undertaken:undertake arose:arise arisen:arise slain:slay slew:slay""".split()
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_PAIRS)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem, enough to match "beheads"/"beheaded" and "drones"/"drone" without a parse."""
    w = word.lower()
    w = _IRREGULAR.get(w, w)
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_stems(claim: Claim) -> set[str]:
    """Stems of the proposition's content words (the claim's own lemmas when the parser gave them)."""
    source = claim.lemmas or [w for w in words(claim.proposition or claim.text) if w.isalpha()]
    return {stem(w) for w in source if w not in STOPWORDS and len(w) > 2}


def as_written(stems: list[str], *claims: Claim) -> list[str]:
    """Stems as the words a reader saw ("beij" -> "Beijing"), in the order the text has them:
    reasons are read by people. A stem no word gives stays as it is."""
    seen: dict[str, tuple[int, str]] = {}
    position = 0
    for claim in claims:
        for token in _TOKEN_RE.findall(claim.text):
            position += 1
            low = token.lower().replace("’", "'")
            keys = {stem(low), low}
            keys |= {
                low[: -len(end)] for end in ("s", "es", "ed", "ing") if len(low) > len(end) + 2 and low.endswith(end)
            }
            keys |= {k[:-1] for k in list(keys) if len(k) > 3 and k[-1] == k[-2]}  # "planned" -> "plan"
            for key in keys:
                seen.setdefault(key, (position, token))
    found = sorted((seen[s] for s in stems if s in seen), key=lambda x: x[0])
    return [t for _, t in found] + [s for s in stems if s not in seen]


def cased(span: str | None, claim: Claim) -> str | None:
    """A span the detectors built from lower-case tokens, in the case the claim wrote each word."""
    if not span:
        return span
    written: dict[str, str] = {}
    for token in _TOKEN_RE.findall(claim.text):
        written.setdefault(token.lower().replace("’", "'"), token)
    return " ".join(written.get(w, w) for w in span.split())


def has_phrase(tokens: list[str], phrase: str) -> int:
    """Index where the (space separated, lower case) phrase starts in tokens, or -1.

    Called for every cue phrase of every pair, so it rejects on the first word in C first.
    """
    parts = _parts(phrase)
    first, n = parts[0], len(parts)
    if first not in tokens:
        return -1
    i = tokens.index(first)
    while True:
        if n == 1 or tokens[i : i + n] == parts:
            return i
        try:
            i = tokens.index(first, i + 1)
        except ValueError:
            return -1


@lru_cache(maxsize=4096)
def _parts(phrase: str) -> list[str]:
    return phrase.split() or [""]
