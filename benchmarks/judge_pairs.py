"""The judge on realistic cross-outlet pairs of our own: a quick check that a change helps beyond Emergent.

    python benchmarks/judge_pairs.py            # each pair's verdict and the score
    python benchmarks/judge_pairs.py --misses   # only the pairs it gets wrong

`data/realistic_pairs.jsonl` holds pairs written by us the way two outlets report one story
(paraphrases, other figures, denials, states, same topic on other days). `want` is the relation a
fact-checker expects, or `not-<relation>` where only one verdict would be wrong. Emergent pairs a
claim with headlines; these pair sentence with sentence, as `consist add` does, so the judge runs
as deployed (gated).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consistency.judge import default_judge, judge_texts  # noqa: E402

DATA = Path(__file__).with_name("data") / "realistic_pairs.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="print only the pairs judged wrong")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    judge = default_judge()
    right = 0
    for row in rows:
        best, _, _ = judge_texts(row["a"], row["b"], judge)
        want = row["want"]
        ok = best.relation != want[4:] if want.startswith("not-") else best.relation == want
        right += ok
        if not (ok and args.misses):
            mark = "ok  " if ok else "MISS"
            print(f"{mark} want {want:16s} got {best.relation:11s} {best.score:.2f}  {'; '.join(best.reasons)[:110]}")
            print(f"       a: {row['a']}\n       b: {row['b']}")
    print(f"{right}/{len(rows)} as expected")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
