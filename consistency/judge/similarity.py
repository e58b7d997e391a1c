"""Are two claims about the same event? Cosine similarity alone says "same topic", not "same event".

Two reports of one event share the main predicate (or a synonym), their key entities after alias
folding, and a compatible time. Different places, different people or a different day point to
two events on one topic, which the judge must call `unrelated`, never `contradicts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from consistency.judge.evidence import Finding, content_stems, stem, words
from consistency.judge.quantity import comparable_figures, same_toll
from consistency.judge.states import WEEKDAYS
from consistency.models import Claim

# verbs that report one kind of event; extend a row, or add one
PREDICATE_SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(row.split())
    for row in (
        "kill slay murder execute behead assassinate shoot",
        "die dead pass perish",
        "arrest detain capture seize hold apprehend nab",
        "release free",
        "leak release emit spill vent",
        "attack strike hit bomb shell raid target",
        "send deploy dispatch",
        "buy acquire purchase",
        "sell offload",
        "launch fire",
        "say tell state claim announce declare",
        "deny reject refute dismiss",
        "confirm verify acknowledge",
        "resign quit step",
        "win beat defeat",
        "open launch unveil",
        "close shut end stop scrap axe cancel halt discontinue suspend",
        "increase rise raise grow climb jump lift hike boost",
        "decrease fall drop cut decline eliminate shed slash",
        "plan consider mull weigh",
        "meet visit",
        "follow respect comply observe obey",
        "approve adopt endorse ratify",
    )
)
KEY_LABELS = ("PERSON", "GPE", "ORG", "LOC", "FAC")
PLACE_LABELS = ("GPE", "LOC", "FAC")
RELATED_FLOOR = 0.35  # below this cosine two claims are about different things
STRONG_SIMILARITY = 0.8  # above this, differing entities are more likely aliases than two events
SAME_STATEMENT_SIMILARITY = 0.75  # near-paraphrases; below it, `agrees` needs the action or a figure too
SAME_FIGURE_SIMILARITY = 0.5  # the same figure (>= 10, same kind) and the same action: one statement
SAME_FIGURE_REASON = "same figure, same action"  # below that similarity, the reason the judge gives for `agrees`


@dataclass
class EventMatch:
    """How far two claims describe one event, with what was compared."""

    similarity: float
    related: bool
    same_event: bool
    predicate_match: bool
    shared_entities: list[str] = field(default_factory=list)
    conflicting: dict[str, list[str]] = field(default_factory=dict)  # label -> [old, new] names
    time_conflict: tuple[str, str] | None = None
    overlap: float = 0.0  # share of the smaller claim's content words found in the other
    findings: list[Finding] = field(default_factory=list)
    # stricter than same_event: the two say the same thing, not two things about one story
    same_statement: bool = False
    # places named on both sides, none shared, though neither sets its event there ("We do not fly
    # balloons over China" / "the balloon over Latin America is Chinese"): related, but no dispute
    places_apart: list[str] | None = None


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    return float(np.dot(a, b) / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def _synonyms(lemma: str) -> frozenset[str]:
    """Every row the verb is in: "release" frees prisoners and lets gas escape."""
    return _SYNONYMS.get(lemma, frozenset([lemma]))


_SYNONYMS: dict[str, frozenset[str]] = {}
for _row in PREDICATE_SYNONYMS:
    for _lemma in _row:
        _SYNONYMS[_lemma] = _SYNONYMS.get(_lemma, frozenset()) | _row


def predicates_match(old: Claim, new: Claim) -> bool:
    """Same main predicate or a listed synonym; when a claim has no parsed predicate, its words count."""
    old_p = {old.predicate.lower()} if old.predicate else {stem(w) for w in words(old.proposition)}
    new_p = {new.predicate.lower()} if new.predicate else {stem(w) for w in words(new.proposition)}
    if not old.predicate and not new.predicate:
        return False
    return any(p in _synonyms(q) or stem(p) == stem(q) for p in old_p for q in new_p)


def _entities(claim: Claim) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in claim.entities:
        if e.label in KEY_LABELS:
            label = "PLACE" if e.label in PLACE_LABELS else e.label
            out.setdefault(label, set()).add(e.norm or e.text.lower())
    return out


# a place after one of these (a few words between: "off the coast of North Carolina", "in eastern
# Kharkiv") is where something happened; elsewhere a country is mostly an actor ("China said",
# "Russian missiles entered Poland", "launched from Ukraine")
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|off|outside|inside|over|above|across|around|within|into)\s+(?:[\w'’.-]+\s+){0,4}$",
    re.IGNORECASE,
)


def _event_places(claim: Claim) -> set[str]:
    """The places a claim says something happened in, folded as `_entities` folds them."""
    out = set()
    for e in claim.entities:
        if e.label not in PLACE_LABELS:
            continue
        at = claim.text.find(e.text)
        if at >= 0 and _LOCATIVE.search(claim.text[max(0, at - 60) : at]):
            out.add(e.norm or e.text.lower())
    return out


def _place_clash(old: Claim, new: Claim, old_e: dict[str, set[str]], new_e: dict[str, set[str]]) -> list[str] | None:
    """Two events in two places: each claim sets its event somewhere ("in Kharkiv" / "in Odesa") and
    neither names the other's place at all. A country named as an actor ("Chinese authorities",
    "launched from Ukraine") or a place inside the other ("over Montana" / "the United States") is
    no clash: on real stories those gated out the very disputes a reader wants (the balloon "over
    Montana" / "from China and civilian in nature")."""
    old_at, new_at = _event_places(old), _event_places(new)
    if not old_at or not new_at:
        return None
    old_all = old_at | old_e.get("PLACE", set()) | _peoples(old)
    new_all = new_at | new_e.get("PLACE", set()) | _peoples(new)
    if _names_overlap(old_at, new_all) or _names_overlap(new_at, old_all):
        return None
    return _listed(old_at, new_at)


def _peoples(claim: Claim) -> set[str]:
    """Nationalities and groups ("Chinese", "Ukrainian"), folded as `_entities` folds names."""
    return {e.norm or e.text.lower() for e in claim.entities if e.label == "NORP"}


def _listed(old: set[str], new: set[str]) -> list[str]:
    """Both sides' names as a finding shows them: ["kharkiv", "odesa, ukraine"]."""
    return [", ".join(sorted(old)), ", ".join(sorted(new))]


def _weekdays(claim: Claim) -> set[str]:
    """Days named in the proposition: "said on Monday" dates the saying, not the event."""
    days = (w[:-1] if w.endswith("days") else w for w in words(claim.proposition or claim.text))
    return {d for d in days if d in WEEKDAYS}  # "on Sundays" is Sunday too


def _same_people(old_e: dict[str, set[str]], new_e: dict[str, set[str]]) -> set[str]:
    """A person named in full once and by surname later ("arlen voss" / "voss") is one person."""
    out = set()
    for a in old_e.get("PERSON", set()):
        for b in new_e.get("PERSON", set()):
            short, full = sorted((a, b), key=len)
            if short != full and len(short) > 2 and short in full.split():
                out.add(full)
    return out


def same_person_speaks(old: Claim, new: Claim) -> bool:
    """ "Defence minister Arlen Voss denied he would step down" / "Voss denied he would resign": the
    person is the speaker, not in the proposition, so the entity check cannot see him."""
    if not old.speaker or not new.speaker or "person" not in (old.speaker_kind, new.speaker_kind):
        return False
    a, b = old.speaker.split()[-1], new.speaker.split()[-1]
    return a == b and len(a) > 2 and a[0].isupper()


TOPIC_LEMMAS = 2  # content words two claims below the floor must share, besides a named entity


def shared_topic(old: Claim, new: Claim) -> int:
    """How strongly two claims far apart in the vector space speak of the same thing: 0 unless they
    share a named entity (folded: "Moscow" is Russia) and at least TOPIC_LEMMAS content words
    besides; else the number of shared words. "It was a Russian missile" / "Russia had no
    connection to the missile incident" read apart, yet one disputes the other."""
    old_e, new_e = _entities(old), _entities(new)
    shared_names = {n for lab in old_e for n in old_e[lab] & new_e.get(lab, set())} | _same_people(old_e, new_e)
    if not shared_names:
        return 0
    name_words = {w for n in shared_names for w in n.split()}
    common = (set(old.lemmas) & set(new.lemmas)) - name_words
    return len(common) if len(common) >= TOPIC_LEMMAS else 0


def _names_overlap(a: set[str], b: set[str]) -> bool:
    """ "Putin" and "vladimir putin" are one person: any shared word counts."""
    a_words = {w for name in a for w in name.split()}
    b_words = {w for name in b for w in name.split()}
    return bool(a & b) or bool(a_words & b_words)


def same_event(old: Claim, new: Claim, similarity: float) -> EventMatch:
    """Compare predicate, entities and day; `related` gates `unrelated`, `same_event` licenses conflicts."""
    old_e, new_e = _entities(old), _entities(new)
    shared = sorted({n for lab in old_e for n in old_e[lab] & new_e.get(lab, set())} | _same_people(old_e, new_e))
    conflicting: dict[str, list[str]] = {}
    places_apart: list[str] | None = None
    if (places := _place_clash(old, new, old_e, new_e)) is not None:
        conflicting["PLACE"] = places
    elif old_e.get("PLACE") and new_e.get("PLACE") and not _names_overlap(old_e["PLACE"], new_e["PLACE"]):
        places_apart = None if similarity >= STRONG_SIMILARITY else _listed(old_e["PLACE"], new_e["PLACE"])
    if old_e.get("PERSON") and new_e.get("PERSON") and not _names_overlap(old_e["PERSON"], new_e["PERSON"]):
        conflicting["PERSON"] = _listed(old_e["PERSON"], new_e["PERSON"])
    old_d, new_d = _weekdays(old), _weekdays(new)
    time_conflict = None
    if old_d and new_d and not old_d & new_d:
        time_conflict = (", ".join(sorted(old_d)), ", ".join(sorted(new_d)))
    old_c, new_c = content_stems(old), content_stems(new)
    overlap = len(old_c & new_c) / max(1, min(len(old_c), len(new_c)))
    pred = predicates_match(old, new)

    findings = [Finding("similarity", f"similarity {similarity:.2f}", strength=max(0.0, similarity))]
    for label, (o, n) in conflicting.items():
        findings.append(Finding("same_event", f"different {label.lower()}: {o} vs {n}", o, n, 0.8))
    if pred and (old.predicate or new.predicate):
        findings.append(
            Finding("same_event", f"same action: {old.predicate or '?'} / {new.predicate or '?'}", strength=0.6)
        )
    if shared:
        written = {e.norm or e.text.lower(): e.text for c in (new, old) for e in c.entities}
        findings.append(
            Finding("same_event", "same entities: " + ", ".join(written.get(n, n) for n in shared), strength=0.6)
        )

    # different places gate the pair out; different people only withhold "same event" (headline
    # NER reads capitalised words as names too often for a person clash to decide on its own)
    entity_clash = "PLACE" in conflicting and similarity < STRONG_SIMILARITY
    # another day is another event, unless everything else says it is the same one (then: a conflict)
    strong_identity = similarity >= 0.7 and (pred or bool(shared))
    if time_conflict and not strong_identity:
        findings.append(
            Finding("same_event", f"different day: {time_conflict[0]} vs {time_conflict[1]}", *time_conflict)
        )
    related = similarity >= RELATED_FLOOR and not entity_clash and not (time_conflict and not strong_identity)
    same = (
        related
        and "PERSON" not in conflicting
        and (
            similarity >= 0.6
            or (similarity >= 0.45 and (pred or bool(shared) or overlap >= 0.5 or same_number(old, new, ("money",))))
        )
    )
    statement = same and (
        similarity >= SAME_STATEMENT_SIMILARITY
        or (pred and (bool(shared) or overlap >= 0.5 or same_person_speaks(old, new)))
        # the same figure with the same action, even in a loose paraphrase ("cut 1,200 jobs" / "plans
        # to eliminate 1,200 positions"), or with one's action named as a noun in the other ("2,400
        # signed" / "gathered 2,400 signatures"); a figure alone is no statement: "cut 1,200 jobs" /
        # "hired 1,200 workers", "left 40,000 homes without power" / "restored power to 40,000 homes"
        or (similarity >= SAME_FIGURE_SIMILARITY and (pred or _action_named(old, new)) and same_number(old, new))
        # or a figure that is itself the news ("was worth 1.2 billion" / "had a value of 1.2 billion")
        or (similarity >= 0.45 and _light(old, new, both=False) and same_number(old, new, ("money",)))
        or (similarity >= 0.6 and _light(old, new, both=True) and same_number(old, new))
        # or the same count of the dead or injured, whatever the words ("killing nine workers" / "the
        # fire has claimed nine lives"): the casualty reading already holds the action
        or (similarity >= SAME_FIGURE_SIMILARITY and same_toll(old, new))
    )
    # the same specific count with the same action, in words the embedding reads far apart ("The
    # company will cut 2,000 jobs" / "Vantor plans to eliminate about 2,000 positions"): one
    # statement, when no name on either side points to another actor, place or day
    orgs = old_e.get("ORG") and new_e.get("ORG") and not _names_overlap(old_e["ORG"], new_e["ORG"])
    alone = related and not conflicting and not orgs and not time_conflict and not _dates_differ(old, new)
    plain = old.polarity == new.polarity == "affirmed"  # "did not treat 40 patients" is no repeat
    if not statement and alone and plain and pred and same_number(old, new) and comparable_figures(old, new):
        statement = True
        findings.append(Finding("same_event", SAME_FIGURE_REASON, strength=0.6))
    statement = statement and not _other_fate(old, new)
    return EventMatch(
        similarity, related, same, pred, shared, conflicting, time_conflict, overlap, findings, statement, places_apart
    )


def _dates_differ(old: Claim, new: Claim) -> bool:
    """Both give dates (a day, a year) and none of them overlap: "in 2026" / "by 2028"."""
    a = [q for q in old.quantities if q.kind == "date"]
    b = [q for q in new.quantities if q.kind == "date"]
    return bool(a and b) and not any(x.low <= y.high and y.low <= x.high for x in a for y in b)


def _other_fate(old: Claim, new: Claim) -> bool:
    """The same figure, but dead on one side and injured on the other ("12 soldiers were killed" /
    "12 soldiers were wounded"): however alike the sentences, not one statement."""
    roles = ("dead", "injured")
    for a in old.quantities:
        for b in new.quantities:
            ra, rb = ((q.counted or "").split(" ")[0] for q in (a, b))
            if a.low == b.low and ra in roles and rb in roles and ra != rb:
                return True
    return False


_LIGHT_VERBS = frozenset(["be", "have", "total", "amount", "stand", "reach", "cost", "number", "come"])


def _light(old: Claim, new: Claim, both: bool) -> bool:
    """Verbs that only carry the figure ("was", "had a value of", "stood at", "totalled"). A count
    needs it on both sides ("has 1,200 workers" / "will cut 1,200 jobs" is two facts); the same
    sum of money, rarer by chance, on one ("signed a contract worth 1.2 billion" / "had a value of")."""
    light = [(c.predicate or "").lower() in _LIGHT_VERBS for c in (old, new)]
    return all(light) if both else any(light)


# what turns a verb into its noun: order / order, arrest / arrests, sign / signature, pay / payment
_NOUN_ENDINGS = frozenset(["", "s", "ature", "atures", "ment", "ments", "ion", "ions", "ation", "ations", "al", "ure"])


def _action_named(old: Claim, new: Claim) -> bool:
    """One claim's action appears among the other's words as a noun: "signed" / "signatures",
    "ordered" / "the order". Read from the parser's lemmas; a short predicate ("cut") never matches."""
    for a, b in ((old, new), (new, old)):
        p = (a.predicate or "").lower()
        if len(p) >= 4 and any(w != b.predicate and w.startswith(p) and w[len(p) :] in _NOUN_ENDINGS for w in b.lemmas):
            return True
    return False


def same_number(old: Claim, new: Claim, kinds: tuple[str, ...] = ()) -> bool:
    """Both give one figure (not a date or a small count): a strong sign they report one fact."""
    for a in old.quantities:
        for b in new.quantities:
            if kinds and a.kind not in kinds:
                continue
            if (
                a.kind in ("date", "time", "ordinal")
                or a.kind != b.kind
                or a.unit != b.unit
                or max(a.high, b.high) < 10
            ):
                continue
            if a.low == b.low and a.high == b.high:
                return True
    return False
