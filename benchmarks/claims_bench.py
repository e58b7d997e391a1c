"""Claim extraction quality and speed.

    python benchmarks/claims_bench.py                # all three parts
    python benchmarks/claims_bench.py --part fields  # per-field accuracy on tests/data/claims_labelled.jsonl
    python benchmarks/claims_bench.py --part emergent --emergent ../shared/benchmarks/emergent/train.csv
    python benchmarks/claims_bench.py --part speed --n 1000

1. fields: per-field accuracy on our labelled sentences. Each record scores only the fields it
   labels, on its `index`-th claim (default 0). Conventions of the labels: `speaker` is the
   innermost source of the proposition (the chain is in `attribution`, outermost first); an
   unattributed claim has speaker_kind "self" and the dateline outlet (or null) as speaker;
   an unnamed office holder ("the mayor") is a person, an unnamed spokesperson an official body,
   unnamed groups ("two diplomats", "analysts") anonymous sources. Propositions and speakers
   compare case- and punctuation-insensitively; `hedge_cue`/`polarity_cue` must be among the
   cues found; quantities match on low/high (1% slack), kind, unit and counted noun when labelled.
2. emergent: does `hedge != asserted` on an article headline separate the `observing` stance
   (reports that take no side) from for/against? Precision and recall of that rule.
3. speed: extraction of N long sentences (one batched call) against embedding the same N.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consistency.claims import extract_claims, extract_claims_many  # noqa: E402
from consistency.models import Claim, Quantity  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "claims_labelled.jsonl"
EMERGENT = ROOT.parent / "shared" / "benchmarks" / "emergent" / "train.csv"


def _norm(text: str | None) -> str:
    if text is None:
        return ""
    text = re.sub(r"[\"'“”‘’.,;:!?]", "", text.lower())
    return re.sub(r"^(the|a|an)\s+", "", re.sub(r"\s+", " ", text).strip())


def _quantity_ok(want: dict[str, Any], got: list[Quantity]) -> bool:
    for q in got:
        if "kind" in want and q.kind != want["kind"]:
            continue
        if "unit" in want and q.unit != want["unit"]:
            continue
        if "counted" in want and (q.counted or "").rstrip("s") != want["counted"].rstrip("s"):
            continue
        if "low_date" in want:
            if q.low != date.fromisoformat(want["low_date"]).toordinal():
                continue
            if q.high != date.fromisoformat(want["high_date"]).toordinal():
                continue
            return True
        if "low" in want and abs(q.low - want["low"]) > 0.01 * max(1.0, abs(want["low"])):
            continue
        if want.get("high") is not None and abs(q.high - want["high"]) > 0.01 * max(1.0, abs(want["high"])):
            continue
        return True
    return False


def score_record(rec: dict[str, Any], claims: list[Claim]) -> dict[str, bool]:
    """Field -> correct? for every field this record labels."""
    out: dict[str, bool] = {}
    if "claims" in rec:
        out["claim_count"] = len(claims) == rec["claims"]
    if rec.get("claims") == 0:
        return out
    idx = rec.get("index", 0)
    c = claims[idx] if len(claims) > idx else None
    out["is_claim"] = c is not None
    if c is None:
        for key in ("proposition", "speaker", "speaker_kind", "hedge", "polarity", "predicate", "non_answer"):
            if key in rec:
                out[key] = False
        return out
    if "proposition" in rec:
        out["proposition"] = _norm(c.proposition) == _norm(rec["proposition"])
    if "speaker" in rec:
        out["speaker"] = _norm(c.speaker) == _norm(rec["speaker"])
    for key in ("speaker_kind", "hedge", "polarity", "predicate", "non_answer"):
        if key in rec:
            out[key] = getattr(c, key) == rec[key]
    if "attribution" in rec:
        out["attribution"] = [_norm(a) for a in c.attribution] == [_norm(a) for a in rec["attribution"]]
    if "hedge_cue" in rec:
        out["hedge_cues"] = any(_norm(rec["hedge_cue"]) == _norm(h) for h in c.hedge_cues)
    if "polarity_cue" in rec:
        out["polarity_cues"] = any(_norm(rec["polarity_cue"]) == _norm(h) for h in c.polarity_cues)
    if "quantities" in rec:
        out["quantities"] = all(_quantity_ok(w, c.quantities) for w in rec["quantities"])
    if "entity_norms" in rec:
        norms = {e.norm for e in c.entities}
        out["entities"] = all(n in norms for n in rec["entity_norms"])
    return out


def bench_fields(path: Path, verbose: bool) -> None:
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    items = [(r["text"], datetime.fromisoformat(r["published_at"]) if r.get("published_at") else None) for r in records]
    results = extract_claims_many(items)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rec, claims in zip(records, results, strict=True):
        for field, ok in score_record(rec, claims).items():
            totals[field][0] += ok
            totals[field][1] += 1
            if verbose and not ok:
                c = claims[rec.get("index", 0)] if len(claims) > rec.get("index", 0) else None
                got = getattr(c, field, None) if c is not None else None
                print(f"  miss #{rec['id']} {field}: want {rec.get(field)!r} got {got!r} | {rec['text'][:70]}")
    print(f"fields: {len(records)} labelled records ({path.relative_to(ROOT)})")
    print(f"{'field':<14} {'correct':>8} {'n':>4} {'accuracy':>9}")
    all_ok = all_n = 0
    for field, (ok, n) in sorted(totals.items()):
        all_ok += ok
        all_n += n
        print(f"{field:<14} {ok:>8} {n:>4} {ok / n:>9.1%}")
    print(f"{'(all fields)':<14} {all_ok:>8} {all_n:>4} {all_ok / all_n:>9.1%}")


def bench_emergent(path: Path, verbose: bool) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    headlines = [(r["articleHeadline"], None) for r in rows]
    t0 = time.perf_counter()
    results = extract_claims_many(headlines)
    elapsed = time.perf_counter() - t0
    tp = fp = fn = tn = 0
    no_claim = 0
    for row, claims in zip(rows, results, strict=True):
        if not claims:
            no_claim += 1
        hedged = any(c.hedge != "asserted" for c in claims)
        observing = row["articleHeadlineStance"] == "observing"
        tp += hedged and observing
        fp += hedged and not observing
        fn += (not hedged) and observing
        tn += (not hedged) and (not observing)
        if verbose and hedged != observing:
            print(f"  {'FP' if hedged else 'FN'} [{row['articleHeadlineStance']}] {row['articleHeadline'][:100]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"emergent: {len(rows)} headlines in {elapsed:.1f}s, {no_claim} gave no claim (counted as asserted)")
    print(f"  rule: observing <=> any claim has hedge != asserted  (tp={tp} fp={fp} fn={fn} tn={tn})")
    print(f"  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  accuracy {(tp + tn) / len(rows):.3f}")
    base = (tp + fn) / len(rows)
    print(f"  (base rate of observing: {base:.3f}, the precision of flagging every headline)")


_SENTENCES = [
    "Three sources told CNN that US intelligence believes that China is considering sending drones and "
    "ammunition to Russia, a move that could shift the balance of the war in the coming months.",
    "The ministry said in a statement on Thursday that more than 1,200 people had been evacuated from "
    "villages along the river, where water levels rose by nearly two metres overnight.",
    "\u201cWe have no intention of closing the plant or cutting jobs this year,\u201d the company\u2019s chairman told "
    "reporters at the annual meeting in Frankfurt, according to people who attended.",
    "Negotiators from both sides met last week in Geneva for talks that diplomats described as difficult but "
    "constructive, and they are expected to meet again before the end of the month.",
    "The central bank raised its main interest rate by half a percentage point to 4.5%, the highest level "
    "in fifteen years, as inflation remained stubbornly above its target of 2%.",
]


def bench_speed(n: int) -> None:
    from consistency.embeddings import default_embedder, nlp

    sentences = [_SENTENCES[i % len(_SENTENCES)] + f" (item {i})" for i in range(n)]
    embedder = default_embedder()
    nlp()
    embedder.encode(sentences[:16])  # load both models before timing
    extract_claims("Warm-up sentence for the parser, which is loaded once.")
    t0 = time.perf_counter()
    claims = extract_claims_many([(s, None) for s in sentences])
    t_extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    embedder.encode(sentences)
    t_embed = time.perf_counter() - t0
    per_article = 20
    bodies = ["\n\n".join(sentences[i : i + per_article]) for i in range(0, n, per_article)]
    t0 = time.perf_counter()
    extract_claims_many([(b, None) for b in bodies])
    t_articles = time.perf_counter() - t0
    print(f"speed: {n} long sentences ({sum(len(s) for s in sentences) / n:.0f} chars avg)")
    print(f"  extract_claims_many, one sentence per item: {t_extract:.2f}s ({sum(map(len, claims))} claims)")
    print(f"  extract_claims_many, {per_article} per article:  {t_articles:.2f}s")
    print(f"  embedding (default_embedder().encode):     {t_embed:.2f}s")
    print(f"  ratio extraction / embedding: {t_extract / t_embed:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=["fields", "emergent", "speed", "all"], default="all")
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--emergent", type=Path, default=EMERGENT)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    if args.part in ("fields", "all"):
        bench_fields(args.labelled, args.verbose)
    if args.part in ("emergent", "all"):
        if args.emergent.exists():
            bench_emergent(args.emergent, args.verbose)
        else:
            print(f"emergent: {args.emergent} not found, skipped")
    if args.part in ("speed", "all"):
        bench_speed(args.n)


if __name__ == "__main__":
    main()
