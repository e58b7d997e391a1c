"""Key terms of a claim: the second way to find what a claim may agree with or dispute.

Nearest neighbours in the embedding space miss pairs that matter most: a denial is worded far
from what it denies ("Russia had no connection to the incident" / "It was a Russian missile"),
and two outlets' accounts of one fact read apart when one is a fragment ("21 suspects have
been identified and 11 indicted" / "21 people are being held ... 11 of them charged"). Such
pairs share rare words and names. The store keeps each claim's terms (table `claim_terms`,
with document frequencies in `term_stats`) and proposes, besides FAISS neighbours, the earlier
claims from other outlets that share the most informative terms, weighted by inverse document
frequency as in classic ranked retrieval.

Terms are the parser's content lemmas, names folded through the alias table ("Kremlin" is
russia), and each named entity whole; words every report uses (say, report, official, weekdays)
are left out.

A claim that names its subject only by a pronoun or a definite phrase ("he never came out",
"This is utterly false and complete fiction", "the move") shares no terms with what it answers,
and a proposition cut from a longer sentence ("denied any part, saying no strikes were carried
out near the border") loses the words of the rest. The extractor keeps those words apart
(`Claim.context_terms`: what the sentence says beside the proposition and its speakers, and for a
claim that leans on its article the sentence before it, or the earlier one naming the report a
denial answers), and such a claim asks a second, smaller question with them: CONTEXT_MATCHES
earlier claims that share the most. What is stored per claim (`claim_terms`) stays its own terms,
so the table, the staged rows, `add --ray`'s look-ahead and the migration 4 backfill agree
without a new migration (an older store's claims have no context terms and need none: only a new
claim asks with them).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass

from consistency.aliases import fold_entity
from consistency.models import Claim

MIN_SHARED = 2  # terms a candidate must share with the claim
MIN_SHARE = 0.15  # ... carrying at least this share of the claim's own idf weight
TERM_MATCHES = 12  # term candidates judged per claim, besides the FAISS ones
MAX_DF_SHARE = 0.005  # a term in more than this share of the store's claims is skipped (cheap, uninformative)
MAX_DF_FLOOR = 500  # ... but never below this many (a small store's story words are its best terms)
# Term candidates come from the store's latest WINDOW claims (by id, so by when they were added):
# a dispute is found among what outlets said lately, as the FAISS neighbours come from the whole
# store. Without a window each check scanned every claim's terms: 0.6 s of a check at 10M claims
# (63M term rows), against 0.015 s at 10k. Two months of a newsroom's feeds at ~30k claims a day.
WINDOW = 2_000_000
CONTEXT_MATCHES = 6  # candidates a claim that leans on its article finds by the terms it leans on
CONTEXT_SHARE = 0.1  # ... carrying at least this share of those terms' idf weight

GENERIC = frozenset(
    """
    say tell report accord add state claim statement news official officials also would could
    be have do make take give include go come get know see think believe according cite quote
    comment ask people time year day week month today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday
    one two three first last new other
    """.split()
)


def claim_terms(claim: Claim) -> list[str]:
    """The claim's terms, each once, in a stable order."""
    found: dict[str, None] = {}
    for lemma in claim.lemmas:
        word = lemma.strip().lower()
        if len(word) < 2 or word in GENERIC:
            continue
        found[fold_entity(word) if word.isalpha() else word] = None
    for entity in claim.entities:
        name = entity.norm or fold_entity(entity.text)
        if name and name not in GENERIC:
            found[name] = None
    return list(found)


def context_query(claim: Claim) -> list[str]:
    """The terms a claim leans on from its article (`Claim.context_terms`), folded as its own are,
    less its own: the second question such a claim asks (see the module docstring)."""
    own = set(claim_terms(claim))
    found: dict[str, None] = {}
    for word in claim.context_terms:
        word = word.strip().lower()
        if len(word) < 2 or word in GENERIC:
            continue
        term = fold_entity(word) if word.isalpha() else word
        if term not in own:
            found[term] = None
    return list(found)


def term_rows(outlet: str, article_id: int, claims: Iterable[tuple[int, Claim]]) -> list[list[int]]:
    """`claim_terms` rows (term id, claim id, outlet id, article id) of one article's claims, given
    with their ids: what `add` stages and migration 4 backfills."""
    speaker = term_id(outlet)
    return [[term_id(t), cid, speaker, article_id] for cid, claim in claims for t in claim_terms(claim)]


def term_id(text: str) -> int:
    """A term (or an outlet key) as a stable signed 63-bit number: DuckDB joins and filters
    integers ten times faster than strings (0.12 s against 1.6 s for a 40-claim article at 1M claims)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def max_df(n_claims: int) -> int:
    """Document frequency above which a term is not looked up at all."""
    return max(MAX_DF_FLOOR, int(n_claims * MAX_DF_SHARE))


def idf(df: int, n_claims: int) -> float:
    return math.log(1.0 + n_claims / max(df, 1))


@dataclass
class TermHit:
    """An earlier claim sharing terms with a new one."""

    claim_id: int
    score: float  # summed idf of the shared terms
    shared: int


def pick(hits: Iterable[TermHit], own_weight: float, share: float = MIN_SHARE) -> list[TermHit]:
    """The best TERM_MATCHES hits that share enough: MIN_SHARED terms and `share` of the weight."""
    good = [h for h in hits if h.shared >= MIN_SHARED and h.score >= share * own_weight]
    good.sort(key=lambda h: (-round(h.score, 6), h.claim_id))
    return good[:TERM_MATCHES]
