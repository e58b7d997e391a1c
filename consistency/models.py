"""Typed values passed between the stages (read -> claims -> match -> judge -> credit -> store -> report).

Every stage takes and returns these; none reaches into another stage's internals. All of them
turn into JSON with ``dataclasses.asdict`` (datetimes as ISO strings through ``to_jsonable``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime
from typing import Any

# Vocabularies. Other tools read these strings: add values, never rename them.
HEDGES = ("asserted", "reported", "uncertain")
POLARITIES = ("affirmed", "negated")
RELATIONS = ("agrees", "contradicts", "discusses", "unrelated")
VERDICTS = ("right", "wrong", "unsure")
SPEAKER_KINDS = ("person", "official_body", "anonymous_sources", "outlet", "self")
CREDIT_KINDS = ("explicit", "earliest")
# which claim of a judged pair holds the other, as the model read it (relations' evidence "reading")
EARLIER_HOLDS_NEW = "earlier holds new"
NEW_HOLDS_EARLIER = "new holds earlier"


@dataclass
class Article:
    """One news article as read from a file or feed line, before any NLP."""

    outlet: str
    body: str
    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    author: str | None = None
    source_path: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # where `outlet` came from: header | dateline | footer | html | jsonl | filename
    outlet_source: str = "filename"
    # a republishing footer ("The post ... appeared first on X") or wire tag names the origin
    republished_from: str | None = None
    wire: str | None = None  # "Reuters", "AFP", "AP" when the text carries a wire tag
    language: str = "en"
    content_hash: str = ""
    notes: list[str] = field(default_factory=list)  # what the reader decided, for the report


@dataclass
class Quantity:
    """A number in a claim, normalised so two claims can be compared."""

    text: str  # as written: "hundreds of drones"
    low: float  # "hundreds" -> 200..999; exact numbers have low == high
    high: float
    unit: str | None = None  # "%", "kg", "usd", "people" ...
    counted: str | None = None  # the noun it counts: "drones"
    kind: str = "count"  # count | percent | money | measure | date | time | ordinal
    approximate: bool = False  # "about", "nearly", "more than", "dozens"


@dataclass
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    norm: str  # folded for matching: Beijing -> china, Kremlin -> russia


@dataclass
class Claim:
    """One assertion in an article: the sentence as written plus what it asserts, by whom, how surely."""

    text: str
    start_char: int
    end_char: int
    proposition: str
    speaker: str | None = None
    speaker_kind: str | None = None
    hedge: str = "asserted"
    hedge_cues: list[str] = field(default_factory=list)
    polarity: str = "affirmed"
    polarity_cues: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    non_answer: bool = False  # "declined to comment": kept, but asserts nothing
    attribution: list[str] = field(default_factory=list)  # outermost first: ["three sources", "US intelligence"]
    predicate: str | None = None  # lemma of the proposition's main verb: "send", "deny", "kill"
    lemmas: list[str] = field(default_factory=list)  # content-word lemmas of the proposition, lower case
    # words the claim leans on from its article: what its sentence says beside the proposition and
    # the speakers ("..., saying no strikes were carried out"), and when it names its subject only by
    # a pronoun or a definite phrase ("he never came out", "This is utterly false", "the move") the
    # sentence before's lemmas and names (or those of the report a denial names). Only candidate
    # search reads them (terms.context_query); the judge reads the claim's own words.
    context_terms: list[str] = field(default_factory=list)
    claim_id: int | None = None  # set once stored
    article_id: int | None = None


@dataclass
class StoredClaim:
    """An earlier claim from the store, with what a report needs to show it."""

    claim: Claim
    outlet: str
    article_title: str | None
    published_at: datetime | None
    added_at: datetime | None
    article_id: int
    source_path: str | None = None
    url: str | None = None


@dataclass
class Judgement:
    """The judge's answer for one (earlier, new) pair, with evidence a person can check."""

    relation: str  # one of RELATIONS
    score: float  # calibrated confidence in `relation`, 0..1
    reasons: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)  # spans / words that support the reasons
    probabilities: dict[str, float] = field(default_factory=dict)


@dataclass
class Match:
    """A new claim set against one earlier claim from another outlet."""

    relation: str
    score: float
    reasons: list[str]
    similarity: float
    other: StoredClaim
    evidence: dict[str, Any] = field(default_factory=dict)
    # id of the article that the other claim's article republishes (set by credit's copy detection);
    # reports count such matches as copies, not as independent outlets
    copy_of_article_id: int | None = None
    # a reviewer's verdict on this pair (right | wrong | unsure; see verdicts.py), None if none yet
    verdict: str | None = None
    # a contradiction scored below the store's floor refitted from verdicts (`consist verdicts refit`)
    below_floor: bool = False

    @property
    def rejected(self) -> bool:
        """Judged wrong by a reviewer, or a contradiction under the refitted floor: hidden from
        reports unless asked for (`--show-rejected`), and never counted (summary, `--fail-on`)."""
        return self.verdict == "wrong" or self.below_floor


@dataclass
class Credit:
    """Who gets credit for a claim: an explicit mention in the text, or the earliest publisher."""

    credited_outlet: str
    kind: str  # explicit | earliest
    evidence: str
    first: bool = False  # the text says *first* ("was the first to report")
    scope: str | None = None  # what the credit covers, as the text words it
    claim_index: int | None = None  # index into the article's claims (before storing)
    claim_id: int | None = None
    article_id: int | None = None
    tie: bool = False  # earliest: several outlets share the earliest date
    undated: bool = False  # earliest: ranked by time of adding, not publication
    # earliest, following the chain of attribution: outlets whose articles credit this one for the
    # claim (directly or down the chain), and whether its own report of it is in the store
    credited_by: list[str] = field(default_factory=list)
    stored: bool = True
    # earliest, not `stored`: the outlet has articles in the store, just none matched for this claim
    outlet_in_store: bool = False


@dataclass
class CopyLink:
    """This article republishes another (footer, wire tag, or near-duplicate text)."""

    original_article_id: int | None
    original_outlet: str | None
    reason: str  # footer | wire | near_duplicate
    similarity: float = 1.0


@dataclass
class ClaimResult:
    claim: Claim
    matches: list[Match] = field(default_factory=list)


@dataclass
class CheckResult:
    """Everything `check` found for one article; the report renders it, tests assert on it."""

    article: Article
    claims: list[ClaimResult]
    credits: list[Credit]
    copy_of: CopyLink | None = None
    article_id: int | None = None
    already_stored: bool = False
    dry_run: bool = False
    summary: dict[str, int] = field(default_factory=dict)


def to_jsonable(value: Any) -> Any:
    """asdict() with datetimes as ISO strings, so json.dumps works on any result."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """The inverse of asdict(Claim) for claims read back from the store; unknown keys are ignored."""
    known = {f for f in Claim.__dataclass_fields__}
    values = {k: v for k, v in data.items() if k in known}
    values["quantities"] = [
        Quantity(**{k: v for k, v in q.items() if k in Quantity.__dataclass_fields__})
        for q in data.get("quantities") or []
    ]
    values["entities"] = [
        Entity(**{k: v for k, v in e.items() if k in Entity.__dataclass_fields__}) for e in data.get("entities") or []
    ]
    return Claim(**values)
