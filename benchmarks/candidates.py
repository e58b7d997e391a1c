"""Candidate recall on real stories: are the labelled pairs ever put before the judge?

    python benchmarks/candidates.py               # all stories in ../shared/realnews-dev
    python benchmarks/candidates.py --misses      # and each gold pair never judged, with why
    python benchmarks/candidates.py --verdicts    # judge for real: gold pairs judged and found, or missed
    python benchmarks/candidates.py --verdicts --matches 64 --floor 0.45   # wider candidates, same judge

A pair the candidate step never proposes can never be found, however good the judge. This adds
each story into a fresh store with `add_paths` (the code `consist add` runs: FAISS neighbours,
floors and the below-floor rules), records every pair handed to the judge, and reports the share
of gold `agree` and `contradict` pairs whose two claims were judged against each other, plus the
pairs judged per claim. The judge itself is replaced by a recorder that answers `unrelated`
(what it decides does not change which pairs are proposed; it makes the run fast). A gold quote
maps to the claims that cover at least half of its words, as in the scorer. Data are read by
path and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realnews import DEV, scorer, story_names  # noqa: E402

from consistency import pipeline  # noqa: E402
from consistency.judge import Judge, default_judge  # noqa: E402
from consistency.models import Judgement  # noqa: E402
from consistency.pipeline import Engine, add_paths  # noqa: E402
from consistency.store import Store  # noqa: E402


class Recorder:
    """Stands in for the judge: remembers each (earlier, new) claim text pair and its similarity."""

    def __init__(self, judge: Judge | None = None) -> None:
        self.pairs: dict[frozenset[str], float] = {}
        self.verdicts: dict[frozenset[str], Judgement] = {}
        self.judged = 0
        self.judge = judge

    def judge_pairs(self, pairs: list) -> list[Judgement]:  # type: ignore[type-arg]
        for p in pairs:
            self.pairs[frozenset((p.old.text, p.new.text))] = p.similarity
        self.judged += len(pairs)
        if self.judge is None:
            return [Judgement("unrelated", 0.0) for _ in pairs]
        verdicts = self.judge.judge_pairs(pairs)
        for p, v in zip(pairs, verdicts, strict=True):
            self.verdicts[frozenset((p.old.text, p.new.text))] = v
        return verdicts


def run(stories: list[str], misses: bool, verdicts: bool = False) -> dict[str, object]:
    score = scorer()
    totals = {"agree": [0, 0], "contradict": [0, 0]}
    found_right = {"agree": 0, "contradict": 0}
    judged = claims = 0
    for story in stories:
        files = score.ordered_files(DEV / story)
        gold = json.loads((DEV / story / "gold.json").read_text(encoding="utf-8"))
        recorder = Recorder(default_judge() if verdicts else None)
        engine = Engine(judge=recorder)  # type: ignore[arg-type]
        with tempfile.TemporaryDirectory() as tmp:
            with Store.open(Path(tmp)) as store:
                for event in add_paths(files, store, engine=engine):
                    if event.error:
                        print(f"  {story}: {event.error}")
                rows = store.rows(
                    "SELECT a.source_path, c.text FROM claims c JOIN articles a ON a.article_id = c.article_id"
                )
                info = {
                    str(t): (int(cid), int(aid), str(prop))
                    for cid, aid, t, prop in store.rows("SELECT claim_id, article_id, text, proposition FROM claims")
                }
                vec_of = dict(
                    zip(
                        [v[0] for v in info.values()],
                        store.vectors(np.array([v[0] for v in info.values()], dtype=np.int64)),
                        strict=True,
                    )
                )
        by_file: dict[str, list[str]] = {}
        for path, text in rows:
            by_file.setdefault(Path(str(path)).name, []).append(str(text))
        claims += len(rows)
        judged += recorder.judged

        def mapped(side: dict, by_file: dict[str, list[str]] = by_file) -> list[str]:
            qt = score.tokens(side["quote"])
            return [t for t in by_file.get(side["file"], []) if score.overlap(qt, t) >= 0.5]

        for kind in ("agree", "contradict"):
            for pair in gold[kind]:
                a, b = mapped(pair["a"]), mapped(pair["b"])
                hit = any(frozenset((x, y)) in recorder.pairs for x in a for y in b)
                totals[kind][0] += hit
                totals[kind][1] += 1
                if verdicts and hit:
                    found = [
                        (recorder.verdicts[k], k) for x in a for y in b if (k := frozenset((x, y))) in recorder.verdicts
                    ]
                    if any(v.relation == kind + "s" for v, _ in found):
                        found_right[kind] += 1
                    else:
                        v, k = max(found, key=lambda f: f[0].score)
                        x, y = sorted(k)
                        print(f"  JUDGED {kind} {story}: {v.relation} {v.score:.2f} · {'; '.join(v.reasons)}")
                        print(f"    a: {x[:110]}\n    b: {y[:110]}")
                if misses and not hit:
                    why = "quote maps to no claim" if not a or not b else "never proposed"
                    if a and b:
                        best = max((float(vec_of[info[x][0]] @ vec_of[info[y][0]]), x, y) for x in a for y in b)
                        why += f" (best cosine {best[0]:.2f}: {info[best[1]][2][:60]!r} / {info[best[2]][2][:60]!r})"
                    a_quote, b_quote = pair["a"]["quote"][:100], pair["b"]["quote"][:100]
                    print(f"  MISS {kind} {story}: {why}\n    a: {a_quote}\n    b: {b_quote}")
    result: dict[str, object] = {
        "agree_candidate_recall": round(totals["agree"][0] / max(1, totals["agree"][1]), 3),
        "contradict_candidate_recall": round(totals["contradict"][0] / max(1, totals["contradict"][1]), 3),
        "agree": f"{totals['agree'][0]}/{totals['agree'][1]}",
        "contradict": f"{totals['contradict'][0]}/{totals['contradict'][1]}",
        "pairs_judged_per_claim": round(judged / max(1, claims), 2),
        "claims": claims,
    }
    if verdicts:  # judged and given the gold relation (the judge as it ships, `consist add`'s pairs)
        result["agree_found"] = f"{found_right['agree']}/{totals['agree'][1]}"
        result["contradict_found"] = f"{found_right['contradict']}/{totals['contradict'][1]}"
    print(json.dumps(result))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", nargs="*", default=story_names())
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--verdicts", action="store_true", help="judge for real; list gold pairs judged but missed")
    ap.add_argument("--matches", type=int, help=f"candidates judged a claim (shipped: {pipeline.MATCHES_PER_CLAIM})")
    ap.add_argument("--floor", type=float, help=f"FAISS similarity floor (shipped: {pipeline.SIMILARITY_FLOOR})")
    args = ap.parse_args()
    if args.matches is not None:
        pipeline.MATCHES_PER_CLAIM = args.matches
    if args.floor is not None:
        pipeline.SIMILARITY_FLOOR = args.floor
    run(args.stories, args.misses, args.verdicts)


if __name__ == "__main__":
    main()
