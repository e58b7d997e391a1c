"""Claims from article bodies: sentences that assert something, with speaker, hedge and polarity.

First version: sentence split with offsets, simple filters, cue-word hedge and polarity.
"""

from __future__ import annotations

import re
from datetime import datetime

from consistency.embeddings import nlp
from consistency.models import Claim, Entity

_REPORTING = r"(?:said|says|told|believes?|believed|claimed|claims|reported|reports|warned|denied|stated)"
_HEDGE_CUES = ("may", "might", "could", "likely", "considering", "reportedly", "appears", "allegedly")
_NEG_CUES = ("not", "no", "never", "denied", "n't")


def extract_claims(body: str, published_at: datetime | None = None) -> list[Claim]:
    """Split `body` into claims with offsets into `body`."""
    doc = nlp()(body)
    claims: list[Claim] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if len(text.split()) < 4 or text.endswith("?"):
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        lowered = {t.lower_ for t in sent}
        hedges = [c for c in _HEDGE_CUES if c in lowered]
        negs = [c for c in _NEG_CUES if c in lowered]
        m = re.search(rf"^(.*?)\b{_REPORTING}\b\s+(?:that\s+)?(.+)$", text)
        speaker = m.group(1).strip(" ,") if m and m.group(1).strip() else None
        claims.append(
            Claim(
                text=text,
                start_char=start,
                end_char=start + len(text),
                proposition=text,
                speaker=speaker,
                hedge="uncertain" if hedges else ("reported" if speaker else "asserted"),
                hedge_cues=hedges,
                polarity="negated" if negs else "affirmed",
                polarity_cues=negs,
                entities=[Entity(e.text, e.label_, e.text.lower()) for e in sent.ents],
            )
        )
    return claims


def extract_claims_many(items: list[tuple[str, datetime | None]]) -> list[list[Claim]]:
    return [extract_claims(body, published) for body, published in items]
