"""Explicit credits on real stories: recall and precision against realnews-dev's labels.

    python benchmarks/credits.py                 # all stories, misses and extras listed
    python benchmarks/credits.py --quiet         # the totals only

Reads each story's files in the scorer's order (dated first, by date), extracts claims and
explicit credits with the functions `consist add` runs (`extract_claims_many`,
`credit.explicit_credits`), the outlets of the files read before counting as known, as the
store's would. A credit is one (file, credited outlet), as the labels are. The labels name every
outlet credited as a source; mentions of an article's own outlet and unnamed media are not
labelled and count as extras. Data are read by path and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realnews import DEV, scorer, story_names  # noqa: E402

from consistency import credit  # noqa: E402
from consistency.articles import read_article  # noqa: E402
from consistency.claims import extract_claims_many  # noqa: E402
from consistency.outlets import outlet_key  # noqa: E402


def _claims(articles: list) -> list:  # type: ignore[type-arg]
    """Claims per article, cached under /tmp by text (credits are tuned far more often than claims)."""
    import hashlib
    import pickle

    key = hashlib.sha1("".join(a.body for a in articles).encode()).hexdigest()[:16]
    cache = Path("/tmp") / f"consist-credit-claims-{key}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 (our own cache)
    claims = extract_claims_many([(a.body, a.published_at) for a in articles])
    cache.write_bytes(pickle.dumps(claims))
    return claims


def run(stories: list[str], quiet: bool) -> dict[str, float]:
    score = scorer()
    found_total = gold_total = emitted_total = right_total = 0
    for story in stories:
        files = score.ordered_files(DEV / story)
        gold = json.loads((DEV / story / "gold.json").read_text(encoding="utf-8"))
        articles = [read_article(p) for p in files]
        claims = _claims(articles)
        known: set[str] = set()
        emitted: dict[str, set[str]] = {}
        quotes: dict[tuple[str, str], str] = {}
        for path, article, found in zip(files, articles, claims, strict=True):
            names = set()
            for c in credit.explicit_credits(article, found, known):
                names.add(c.credited_outlet)
                quotes[(path.name, c.credited_outlet)] = c.evidence
            emitted[path.name] = names
            known.add(outlet_key(article.outlet))
        golds = gold["credit"]
        for g in golds:
            hit = any(score.outlet_match(n, g["credited_outlet"], g.get("aliases", [])) for n in emitted[g["file"]])
            found_total += hit
            if not hit and not quiet:
                print(f"  MISS {story}/{g['file']} -> {g['credited_outlet']}: {g['quote'][:110]}")
        for name, outlets in emitted.items():
            for o in sorted(outlets):
                emitted_total += 1
                ok = any(
                    g["file"] == name and score.outlet_match(o, g["credited_outlet"], g.get("aliases", []))
                    for g in golds
                )
                right_total += ok
                if not ok and not quiet:
                    print(f"  EXTRA {story}/{name} -> {o}: {quotes[(name, o)][:110]}")
        gold_total += len(golds)
    result = {
        "recall": round(found_total / max(1, gold_total), 3),
        "precision": round(right_total / max(1, emitted_total), 3),
        "found": found_total,
        "gold": gold_total,
        "emitted": emitted_total,
    }
    print(json.dumps(result))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", nargs="*", default=story_names())
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    run(args.stories, args.quiet)


if __name__ == "__main__":
    main()
