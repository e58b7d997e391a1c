"""Our curated list of states that exclude each other: alive vs dead, continuing vs collapsed, ...

Organised by kind; each kind lists its poles, each pole the phrases that name it (lower case, as
they appear in text). Two claims about one event that name different poles of one kind conflict.
To extend: add a phrase to a pole, a pole to a kind, or a new kind. Keep phrases unambiguous: a
word that often means something else ("fire", "hit") makes false conflicts, which cost more
than missed ones.
"""

from __future__ import annotations

from functools import lru_cache

from consistency.judge.evidence import Finding, has_phrase, words
from consistency.models import Claim

STATES: dict[str, tuple[tuple[str, ...], ...]] = {
    "life": (
        (
            "alive",
            "survived",
            "survives",
            "is safe",
            "are safe",
            "was safe",
            "i'm safe",
            "safe and well",
            "safe and sound",
            "still living",
            "unharmed",
            "not dead",
            "isn't dead",
        ),
        ("dead", "died", "dies", "killed", "was killed", "were killed", "body was found", "death of", "slain"),
    ),
    "progress": (
        (
            "continuing",
            "continues",
            "ongoing",
            "under way",
            "underway",
            "resumed",
            "still going",
            "in progress",
            "is holding",
            "was holding",
            "remains in place",
            "remained in place",
            "still in effect",
            "go ahead",
            "goes ahead",
            "went ahead",
            "going ahead",
        ),
        ("collapsed", "ended", "halted", "suspended", "called off", "broke down", "cancelled", "canceled", "abandoned"),
    ),
    "verification": (
        ("confirmed", "confirms", "verified", "authenticated", "acknowledged"),
        ("denied", "denies", "refuted", "debunked", "disproved", "dismissed as false"),
    ),
    "custody": (
        ("arrested", "detained", "in custody", "captured", "jailed", "imprisoned"),
        ("released", "freed", "set free", "escaped", "at large", "acquitted", "on bail", "free on bail", "out on bail"),
    ),
    "outcome": (
        ("won", "wins", "victory", "victorious"),
        ("lost", "loses", "defeated", "defeat"),
    ),
    "direction": (
        ("rose", "risen", "increased", "grew", "climbed", "jumped", "surged"),
        ("fell", "fallen", "decreased", "dropped", "declined", "shrank", "plunged"),
    ),
    "open": (
        (
            "opened",
            "reopened",
            "reopen",
            "reopens",
            "is open",
            "are open",
            "remains open",
            "remain open",
            "stay open",
            "stays open",
            "kept open",
            "keep open",
        ),
        (
            "closed",
            "shut",
            "shut down",
            "is closed",
            "are closed",
            "remains closed",
            "remain closed",
            "stay closed",
            "will close",
            "will shut",
            "to close",
            "to shut",
        ),
    ),
    "office": (
        ("resigned", "has resigned", "stepped down", "quit", "was sacked", "was fired", "was dismissed"),
        (
            "refused to resign",
            "refused calls to resign",
            "refuses to resign",
            "rejected calls to resign",
            "will not resign",
            "won't resign",
            "remains in office",
            "will stay on",
        ),
    ),
    "change": (
        ("raised", "hiked", "lowered", "reduced"),
        ("unchanged", "held steady", "kept steady", "left on hold"),
    ),
    "weapon": (
        ("small arms", "rifles", "rifle fire", "machine guns", "gunfire", "assault rifles"),
        ("artillery", "shelling", "howitzers", "mortars", "mortar fire", "rockets"),
        # "air strike" and "bombing" name no weapon: a missile or drone attack is an air strike
        # ("the fourth mass Russian air strike" / "Russia launches 90 missiles" is one attack)
        ("bombers", "warplanes", "fighter jets"),
        ("drone", "drones"),
        ("missile", "missiles", "ballistic missile", "cruise missile"),
    ),
    "weekday": (
        ("monday",),
        ("tuesday",),
        ("wednesday",),
        ("thursday",),
        ("friday",),
        ("saturday",),
        ("sunday",),
    ),
    "result": (  # of a test or an inspection: "passed its inspection"; not "the Senate passed", "a bid failed"
        (
            "passed its",
            "passed a",
            "passed the",
            "passed their",
            "passed all",
            "passed every",
            "passed both",
            "passed safety",
        ),
        (
            "failed its",
            "failed a",
            "failed the",
            "failed their",
            "flunked",
            "failed any",
            "failed an",
            "failed two",
            "failed both",
            "failed several",
            "failed safety",
        ),
    ),
    "cause": (  # of a fire, a crash: set on purpose or by accident
        ("deliberately", "deliberate", "arson", "intentionally", "on purpose", "set on purpose"),
        ("accident", "accidental", "accidentally", "by accident", "unintentional", "unintentionally"),
    ),
    "trip": (  # a visit announced, then called off
        ("will travel", "will visit", "will attend", "will fly", "is due to visit", "plans to visit", "will go to"),
        (
            "cancelled",
            "canceled",
            "called off",
            "postponed",
            "scrapped",
            "will not travel",
            "will not visit",
            "will not attend",
            "did not travel",
            "did not visit",
            "did not attend",
        ),
    ),
    "sign": (  # a verdict; a plea is not one ("pleaded not guilty" / "found guilty")
        ("guilty", "convicted"),
        ("not guilty", "innocent", "acquitted", "cleared"),
    ),
    "plea": (
        ("pleaded guilty", "pleads guilty", "plead guilty", "admitted the charges", "admits the charges"),
        ("pleaded not guilty", "pleads not guilty", "plead not guilty", "denies the charges", "denied the charges"),
    ),
}
WEEKDAYS = frozenset(p[0] for p in STATES["weekday"])
_PLEA = frozenset(["plead", "pleads", "pleaded", "pleading", "pled"])
_NEGATORS = frozenset(["not", "no", "never", "n't", "isn't", "wasn't", "aren't", "weren't", "hasn't", "haven't"])


def poles_named(tokens: list[str], kind: str) -> dict[int, str]:
    """Which poles of `kind` the text names, outside a negation ("not dead" names no pole)."""
    found: dict[int, str] = {}
    for i, pole in enumerate(STATES[kind]):
        for phrase in sorted(pole, key=len, reverse=True):
            at = has_phrase(tokens, phrase)
            if at < 0:
                continue
            window = tokens[max(0, at - 3) : at]
            if any(w in _NEGATORS for w in window) and not phrase.startswith("not "):
                continue
            if kind == "sign" and at > 0 and tokens[at - 1] in _PLEA:
                continue  # "pleaded not guilty" is a plea, not a verdict
            found[i] = phrase
            break
    # "not guilty" also contains "guilty": the longer, negated pole wins
    if kind == "sign" and 1 in found and found[1] == "not guilty":
        found.pop(0, None)
    return found


@lru_cache(maxsize=8192)
def _named(text: str) -> dict[str, dict[int, str]]:
    """Every kind's poles a text names, read once per text however many pairs it is in (shared: read only)."""
    tokens = words(text)
    return {kind: poles_named(tokens, kind) for kind in STATES}


def state_conflict(old: Claim, new: Claim) -> Finding | None:
    """The two claims name different poles of one kind, and neither names the other's pole."""
    old_t, new_t = _named(old.text), _named(new.text)
    # a day in the attribution frame ("first reported on Monday") dates the report, not the event
    old_p, new_p = _named(old.proposition or old.text), _named(new.proposition or new.text)
    for kind in STATES:
        o, n = (old_p[kind], new_p[kind]) if kind == "weekday" else (old_t[kind], new_t[kind])
        if len(o) != 1 or len(n) != 1:
            continue  # none, or both poles on one side ("drones and missiles"): no clean reading
        (oi, op), (ni, np_) = next(iter(o.items())), next(iter(n.items()))
        if oi != ni:
            return Finding("state", f"{kind} conflict: {op} vs {np_}", op, np_, 0.8, {"state_kind": kind})
    return None
