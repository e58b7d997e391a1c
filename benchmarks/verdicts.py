"""Does the contradiction floor refitted from reviewers' verdicts carry over to another story?

    python benchmarks/verdicts.py                     # the three stories in ../shared/realnews-dev
    python benchmarks/verdicts.py --stores /tmp/vb    # reuse stores built before (one folder per story)

For each story held out in turn: the emitted contradictions of the other two stories get verdicts
from a stand-in reviewer (the dev set's labels: `right` when the pair is a labelled `contradict`
pair, mapped to claims as the dev scorer does, else `wrong`), through `record_verdict`; both
stores are exported (`export_rows`, what `consist verdicts export` writes); the held-out store's
floor is refitted from those exports alone (`refit`); and the held-out story's contradictions are
scored before and after: how many are shown, how many of those are labelled contradict pairs
(labelled precision: gold is not exhaustive, so it is a lower bound) and how many labelled pairs
are still found. The stories are read by path and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realnews import DEV, scorer, story_names  # noqa: E402

from consistency.store import Store  # noqa: E402
from consistency.verdicts import clear_floor, export_rows, open_for_verdict, record_verdict, refit  # noqa: E402

MIN_OVERLAP = 0.5  # the dev scorer's quote-to-claim mapping


def build(story: str, into: Path) -> Path:
    """The story added in the scorer's order (by date, undated last), one fresh store."""
    from consistency.pipeline import add_paths

    files = scorer().ordered_files(DEV / story)
    with Store.open(into) as store:
        for event in add_paths(files, store):
            if event.error:
                print(f"  {event.error}", file=sys.stderr)
    return into


def gold_pairs(store_dir: Path, story: str) -> list[tuple[set[int], set[int]]]:
    """Each labelled contradict pair as the two sets of claim ids its quotes map to."""
    sc = scorer()
    gold = json.loads((DEV / story / "gold.json").read_text(encoding="utf-8"))
    with Store.open(store_dir, read_only=True, load_index=False) as store:
        rows = store.rows("SELECT c.claim_id, c.text, a.source_path FROM claims c JOIN articles a USING (article_id)")
    by_file: dict[str, list[tuple[int, str]]] = {}
    for cid, text, path in rows:
        by_file.setdefault(Path(str(path)).name, []).append((int(cid), str(text)))

    def mapped(side: dict[str, Any]) -> set[int]:
        name = side["file"] if side["file"].endswith(".txt") else side["file"] + ".txt"
        quote = sc.tokens(side["quote"])
        return {cid for cid, text in by_file.get(name, []) if sc.overlap(quote, text) >= MIN_OVERLAP}

    return [(mapped(p["a"]), mapped(p["b"])) for p in gold["contradict"]]


def contradictions(store_dir: Path) -> list[tuple[int, int, float]]:
    with Store.open(store_dir, read_only=True, load_index=False) as store:
        rows = store.rows("SELECT claim_id, other_claim_id, score FROM relations WHERE relation = 'contradicts'")
    return [(int(a), int(b), float(s)) for a, b, s in rows]


def labelled(a: int, b: int, gold: list[tuple[set[int], set[int]]]) -> int | None:
    """The index of the labelled pair (a, b) is, either way round; None when it is none."""
    for i, (x, y) in enumerate(gold):
        if (a in x and b in y) or (a in y and b in x):
            return i
    return None


def score(store_dir: Path, gold: list[tuple[set[int], set[int]]], floor: float) -> dict[str, Any]:
    shown = [(a, b) for a, b, s in contradictions(store_dir) if s >= floor]
    hits = [labelled(a, b, gold) for a, b in shown]
    right = sum(1 for h in hits if h is not None)
    return {
        "shown": len(shown),
        "labelled_right": right,
        "labelled_precision": round(right / len(shown), 4) if shown else None,
        "gold_found": len({h for h in hits if h is not None}),
        "gold_total": len(gold),
    }


def review(store_dir: Path, gold: list[tuple[set[int], set[int]]]) -> tuple[int, int]:
    """The stand-in reviewer gives every emitted contradiction its verdict; returns (right, wrong)."""
    counts = [0, 0]
    found = contradictions(store_dir)
    with open_for_verdict(store_dir) as store:
        with store.transaction() as con:
            con.execute("DELETE FROM verdicts")  # a rerun starts from no verdicts
        for a, b, _ in found:
            ok = labelled(a, b, gold) is not None
            record_verdict(store, a, b, "right" if ok else "wrong", reviewer="gold labels", note="benchmark")
            counts[0 if ok else 1] += 1
    return counts[0], counts[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stores", type=Path, default=None, help="folder with one store per story (built if absent)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "verdicts")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stories = story_names()
    work = Path(tempfile.mkdtemp(prefix="verdicts-", dir=args.out))
    stores: dict[str, Path] = {}
    for story in stories:
        found = sorted(args.stores.glob(f"{story}*/consist.duckdb")) if args.stores else []
        if found:  # a copy: verdicts and floors are written to it
            stores[story] = work / story
            shutil.copytree(found[0].parent, stores[story])
            with open_for_verdict(stores[story]):
                pass  # brought to the current schema (a store built before verdicts)
        else:
            print(f"building {story} ...", file=sys.stderr)
            stores[story] = build(story, work / story)
    golds = {s: gold_pairs(stores[s], s) for s in stories}
    reviewed = {s: review(stores[s], golds[s]) for s in stories}
    exports = {}
    for s in stories:
        with Store.open(stores[s], read_only=True, load_index=False) as store:
            exports[s] = export_rows(store, include_unlabelled=True)
    results = []
    for held in stories:
        extra = [row for s in stories if s != held for row in exports[s]]
        with open_for_verdict(stores[held]) as store:
            with store.transaction() as con:  # the held-out story's own verdicts must not be fitted on
                con.execute("DELETE FROM verdicts")
            clear_floor(store)
            fitted = refit(store, extra)
        before = score(stores[held], golds[held], 0.0)
        after = score(stores[held], golds[held], fitted.floor)
        fitted_on = [s for s in stories if s != held]
        results.append(
            {"held_out": held, "fitted_on": fitted_on, "floor": fitted.floor, "verdicts": fitted.verdicts,
             "right": fitted.right, "before": before, "after": after}
        )  # fmt: skip
    lines = [
        "| held-out story | verdicts fitted on (right) | floor | contradictions shown before → after "
        "| labelled precision before → after | labelled pairs found before → after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        b, a = r["before"], r["after"]
        lines.append(
            f"| {r['held_out']} | {r['verdicts']} ({r['right']}) | {r['floor']:.3f} | {b['shown']} → {a['shown']} "
            f"| {b['labelled_right']}/{b['shown']} = {b['labelled_precision']} → "
            f"{a['labelled_right']}/{a['shown']} = {a['labelled_precision']} "
            f"| {b['gold_found']}/{b['gold_total']} → {a['gold_found']}/{a['gold_total']} |"
        )
    print("\n".join(lines))
    print("reviewed (right, wrong) per story:", json.dumps(reviewed))
    (args.out / "verdicts.json").write_text(json.dumps({"reviewed": reviewed, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
