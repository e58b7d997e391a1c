"""consist on real multi-outlet stories: the dev scorer, then every emitted contradiction for reading.

    python benchmarks/realnews.py                        # all stories in ../shared/realnews-dev
    python benchmarks/realnews.py --stories khashoggi_2018 --out /tmp/realnews

Runs `../shared/realnews-dev/score.py` on the CLI exactly as shipped (`python -m consistency add`
of each story into a fresh store), keeps the stores, and writes `contradictions.md` with every
contradiction the stores hold: both sentences, outlets and the judge's reasons, with a blank
`real?` column. Precision is read, not computed (gold is not exhaustive): fill in the column and
count. The stories are read by path and never copied into the repository.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "realnews-dev"


def scorer():  # type: ignore[no-untyped-def]
    """The dev set's own score.py as a module: its quote mapping, outlet matching and file order."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("realnews_score", DEV / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def story_names() -> list[str]:
    return sorted(p.parent.name for p in DEV.glob("*/gold.json"))


def contradictions(store: Path) -> list[tuple[str, str, str, str, float, str]]:
    import duckdb

    con = duckdb.connect(str(store / "consist.duckdb"), read_only=True)
    try:
        return con.execute(
            """
            SELECT a1.outlet, c1.text, a2.outlet, c2.text, r.score, r.reasons
            FROM relations r
            JOIN claims c1 ON c1.claim_id = r.claim_id JOIN articles a1 ON a1.article_id = c1.article_id
            JOIN claims c2 ON c2.claim_id = r.other_claim_id JOIN articles a2 ON a2.article_id = c2.article_id
            WHERE r.relation = 'contradicts' ORDER BY r.score DESC
            """
        ).fetchall()
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", nargs="*", default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "realnews")
    ap.add_argument("--data", type=Path, default=DEV)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.iterdir():  # the scorer makes a fresh store per run: read only this run's
        if (old / "consist.duckdb").exists():
            shutil.rmtree(old)
    cmd = [sys.executable, str(args.data / "score.py"), "--consist", f"{sys.executable} -m consistency",
           "--workdir", str(args.out), "--json", str(args.out / "score.json")]  # fmt: skip
    if args.stories:
        cmd += ["--stories", *args.stories]
    subprocess.run(cmd, check=False, cwd=ROOT)
    lines = ["| # | story | outlet | claim | other outlet | other claim | score | reasons | real? |", "|---" * 9 + "|"]
    n = 0
    for store in sorted(p for p in args.out.iterdir() if (p / "consist.duckdb").exists()):
        for outlet, text, other, other_text, score, reasons in contradictions(store):
            n += 1
            cells = [
                str(n),
                store.name.rsplit("_", 1)[0],
                outlet,
                text,
                other,
                other_text,
                f"{score:.2f}",
                "; ".join(reasons),
                "",
            ]
            lines.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    (args.out / "contradictions.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{n} contradictions written to {args.out / 'contradictions.md'} for reading")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
