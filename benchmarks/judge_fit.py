"""Fit the judge's combiner on Emergent and measure the judge as `consist judge` runs it.

    python benchmarks/judge_fit.py                    # Emergent 10-fold CV (grouped by claim)
    python benchmarks/judge_fit.py --write            # and refit consistency/judge/model.json
    python benchmarks/judge_fit.py --fnc --nli        # also held-out FNC-1 and NLI through judge_texts
    python benchmarks/judge_fit.py --speed            # judge pairs/s against the raw ONNX model's

Every number is the shipped code path: `judge_texts` (what `consist judge` calls) with the gates
on. The cross-encoder trained on half of Emergent's claims (its second stage); the combiner fits
and is measured on the other half only, and the cross-encoder never saw the held-out FNC-1
headlines and NLI premises either (`training/judge_data.py` decides which, by hash). Each held-out set is cut in two by
hash: the combiner fits on Emergent plus the `fit` halves; FNC-1 and NLI are measured on the
`test` halves only, and Emergent by 10-fold CV grouped by claim (the combiner refitted without
the fold). Data are read by path from `../shared` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import judge_data  # noqa: E402

from consistency.errors import ModelError  # noqa: E402
from consistency.judge import Judge, Pair, claims_from_texts, combiner, judge_texts  # noqa: E402
from consistency.judge.crossencoder import CrossEncoder  # noqa: E402

SHARED = ROOT.parent / "shared"
EMERGENT = SHARED / "benchmarks" / "emergent" / "train.csv"
NLI = SHARED / "nli"
STANCE = {"for": "agrees", "against": "contradicts", "observing": "discusses"}
FNC = {"agree": "agrees", "disagree": "contradicts", "discuss": "discusses", "unrelated": "unrelated"}
NLI_LABEL = {"entailment": "agrees", "contradiction": "contradicts", "neutral": "discusses"}
RELATIONS = ("agrees", "contradicts", "discusses", "unrelated")
FOLDS = 10
FNC_FIT_PER_STANCE = 200
THRESHOLDS = dict(combiner.DEFAULT_THRESHOLDS)


def f1s(gold: list[str], pred: list[str], classes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    out = {}
    for c in classes:
        tp = sum(1 for a, b in zip(gold, pred, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(gold, pred, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(gold, pred, strict=True) if a == c and b != c)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4)}
    return out


def confusion(gold: list[str], pred: list[str], rows: tuple[str, ...], columns: tuple[str, ...]) -> list[list[int]]:
    """Rows: true classes; columns: predicted classes (agrees/contradicts/discusses/unrelated)."""
    return [[sum(1 for a, b in zip(gold, pred, strict=True) if a == t and b == p) for p in columns] for t in rows]


def summary(
    gold: list[str], pred: list[str], classes: tuple[str, ...], columns: tuple[str, ...] = RELATIONS
) -> dict[str, object]:
    per = f1s(gold, pred, classes)
    return {
        "n": len(gold),
        "accuracy": round(float(np.mean([a == b for a, b in zip(gold, pred, strict=True)])), 4),
        "macro_f1": round(float(np.mean([v["f1"] for v in per.values()])), 4),
        "per_class": per,
        "confusion": confusion(gold, pred, classes, columns),
    }


def pair_features(judge: Judge, rows: list[tuple[str, str]]) -> list[dict[str, float]]:
    """Each (earlier, new) text pair as the judge reads it (each text one claim): the combiner's features."""
    olds = claims_from_texts([r[0] for r in rows])
    news = claims_from_texts([r[1] for r in rows])
    pairs = [Pair(o, n, 0.0) for o, n in zip(olds, news, strict=True)]
    read, signals, ce, _ = judge.read(pairs, every=True)
    return judge.features(pairs, read, signals, ce)


def half(key: str) -> str:
    """Each held-out set is cut in two by a stable hash: `fit` rows join the combiner's fit, `test`
    rows are only ever measured."""
    return "fit" if judge_data.bucket(key + "/half") % 2 == 0 else "test"


def extra_rows() -> list[tuple[str, str, str]]:
    """The combiner's fit beside Emergent: the `fit` halves of held-out NLI and FNC-1 (the
    cross-encoder never trained on either), so it learns where the model's reading holds, not
    only Emergent's headline habits. (earlier, new, relation) each."""
    rows = [
        (ex.premise, ex.hypothesis, NLI_LABEL[judge_data.LABELS[ex.label]])
        for ex in judge_data.nli_heldout(NLI)
        if half(ex.group) == "fit"
    ]
    fnc_rows = [r for r in judge_data.fnc_heldout(NLI) if half("fnc:" + r[0]) == "fit"]
    random.Random(3).shuffle(fnc_rows)
    per: dict[str, int] = {}
    for headline, premise, stance in fnc_rows:
        if per.get(stance, 0) < FNC_FIT_PER_STANCE:
            per[stance] = per.get(stance, 0) + 1
            rows.append((headline, premise, "discusses" if stance == "unrelated" else FNC[stance]))
    return rows


def folds(groups: list[str]) -> list[np.ndarray]:
    """FOLDS folds of whole claims, fixed by a seeded shuffle of the claim ids."""
    ids = sorted(set(groups))
    random.Random(0).shuffle(ids)
    fold_of = {g: i % FOLDS for i, g in enumerate(ids)}
    return [np.array([i for i, g in enumerate(groups) if fold_of[g] == k]) for k in range(FOLDS)]


def fit(feats: list[dict[str, float]], y: np.ndarray, names: list[str]) -> combiner.Combiner:
    model = combiner.fit(feats, y, names)
    model.thresholds = dict(THRESHOLDS)
    return model


def emergent(judge: Judge, write: Path | None) -> dict[str, object]:
    rows = [r for r in judge_data.emergent_heldout(EMERGENT) if r[2] in STANCE]
    t0 = time.time()
    feats = pair_features(judge, [(r[0], r[1]) for r in rows])
    extra = extra_rows()
    extra_feats = pair_features(judge, [(a, b) for a, b, _ in extra])
    extra_y = np.array([combiner.CLASSES.index(rel) for _, _, rel in extra])
    names = sorted({n for f in feats for n in f})
    y = np.array([combiner.CLASSES.index(STANCE[r[2]]) for r in rows])
    gold = [STANCE[r[2]] for r in rows]
    logits = np.zeros((len(rows), 3))
    fold_models = []
    for te in folds([r[3] for r in rows]):
        tr = np.setdiff1d(np.arange(len(rows)), te)
        m = fit([feats[i] for i in tr] + extra_feats, np.concatenate([y[tr], extra_y]), names)
        logits[te] = m.logits([feats[i] for i in te])
        fold_models.append((te, m))
    temperature = combiner.fit_temperature(logits, y)
    pred = [""] * len(rows)
    for te, m in fold_models:  # the whole judge, as `consist judge` runs it, on the held-out fold
        m.temperature = temperature
        fold_judge = Judge(model=m, crossencoder=judge.crossencoder)
        for i in te:
            best, _, _ = judge_texts(rows[i][0], rows[i][1], fold_judge)
            pred[i] = best.relation
    model_only = [combiner.CLASSES[k] for k in logits.argmax(axis=1)]
    ce_only = [
        combiner.CLASSES[int(np.argmax([f["ce:entailment"], f["ce:contradiction"], f["ce:neutral"]]))] for f in feats
    ]
    report: dict[str, object] = {
        "judge": summary(gold, pred, combiner.CLASSES),
        "combiner_alone": summary(gold, model_only, combiner.CLASSES)["accuracy"],
        "crossencoder_alone": summary(gold, ce_only, combiner.CLASSES)["accuracy"],
        "temperature": temperature,
        "seconds": round(time.time() - t0, 1),
    }
    if write is not None:
        final = fit(feats + extra_feats, np.concatenate([y, extra_y]), names)
        final.temperature = temperature
        final.meta = {
            "fitted_on": f"Emergent train, the half of claims the cross-encoder never saw ({len(rows)} pairs), "
            "and the fit halves of held-out NLI and FNC-1 "
            f"({len(extra)} pairs); features from the shipped cross-encoder",
            "command": "python benchmarks/judge_fit.py --write",
            "emergent_cv_accuracy": report["judge"]["accuracy"],  # type: ignore[index]
        }
        write.write_text(combiner.dumps(final), encoding="utf-8")
        report["written"] = str(write)
    return report


def fnc(judge: Judge, per_stance: int) -> dict[str, object]:
    """Held-out FNC-1 headlines against whole bodies: `judge_texts(headline, body)`, as `consist judge`."""
    import csv
    import gzip
    import io

    with gzip.open(NLI / "fnc1_train_bodies.csv.gz", "rb") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))}
    with gzip.open(NLI / "fnc1_train_stances.csv.gz", "rb") as fh:
        stances = list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")))
    rows = [
        r
        for r in stances
        if judge_data.is_fnc_heldout(r["Headline"])
        and half("fnc:" + r["Headline"]) == "test"
        and r["Body ID"] in bodies
    ]
    random.Random(1).shuffle(rows)
    sample: list[dict[str, str]] = []
    for stance in FNC:
        sample += [r for r in rows if r["Stance"] == stance][:per_stance]
    gold, pred = [], []
    t0 = time.time()
    for r in sample:
        best, _, _ = judge_texts(r["Headline"], bodies[r["Body ID"]], judge)
        gold.append(FNC[r["Stance"]])
        pred.append(best.relation)
    three = ["other" if g in ("discusses", "unrelated") else g for g in gold]
    three_p = ["other" if p in ("discusses", "unrelated") else p for p in pred]
    return {
        "four_class": summary(gold, pred, RELATIONS),
        "three_class": summary(
            three, three_p, ("agrees", "contradicts", "other"), columns=("agrees", "contradicts", "other")
        ),
        "seconds": round(time.time() - t0, 1),
    }


def nli(judge: Judge, limit: int) -> dict[str, object]:
    """Held-out NLI pairs through `judge_texts`; `unrelated` counts as neutral."""
    rows = [ex for ex in judge_data.nli_heldout(NLI) if half(ex.group) == "test"]
    random.Random(2).shuffle(rows)
    rows = rows[:limit] if limit else rows
    gold, pred = [], []
    for ex in rows:
        best, _, _ = judge_texts(ex.premise, ex.hypothesis, judge)
        gold.append(NLI_LABEL[judge_data.LABELS[ex.label]])
        pred.append("discusses" if best.relation == "unrelated" else best.relation)
    by_source: dict[str, list[bool]] = {}
    for ex, g, p in zip(rows, gold, pred, strict=True):
        by_source.setdefault(ex.source, []).append(g == p)
    return {
        **summary(gold, pred, combiner.CLASSES),
        "by_source": {k: round(float(np.mean(v)), 4) for k, v in sorted(by_source.items())},
    }


def speed(judge: Judge, n: int = 600) -> dict[str, float]:
    """Judge pairs/s against the raw ONNX model's on the same pairs (each read once, as the judge
    states them), both from a cold start: a fresh model, so the judge's memory of readings is empty."""
    rows = [r for r in judge_data.emergent_heldout(EMERGENT) if r[2] in STANCE][:n]
    olds = claims_from_texts([r[0] for r in rows])
    news = claims_from_texts([r[1] for r in rows])
    pairs = [Pair(o, c, 0.0) for o, c in zip(olds, news, strict=True)]
    read, _, _, _ = judge.read(pairs, every=True)
    texts = [(p.old.text, p.new.text) for p in read]
    raw_model, fresh = CrossEncoder(), Judge(judge.model, CrossEncoder())
    raw_model._read(texts[:32])  # warm both sessions
    fresh.crossencoder._read(texts[:32])
    t0 = time.perf_counter()
    raw_model._read(texts)
    raw = time.perf_counter() - t0
    t0 = time.perf_counter()
    fresh.judge_pairs(pairs)
    full = time.perf_counter() - t0
    return {"pairs": len(pairs), "raw_pairs_per_s": round(len(pairs) / raw, 1),
            "judge_pairs_per_s": round(len(pairs) / full, 1), "ratio": round(raw / full, 3),
            "model_reads": fresh.crossencoder.reads}  # fmt: skip


def prior() -> combiner.Combiner:
    """A combiner that passes the cross-encoder's reading through: the start before a fit."""
    return combiner.Combiner([], np.zeros(0), np.ones(0), np.zeros((3, 0)), np.zeros(3), thresholds=dict(THRESHOLDS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="refit consistency/judge/model.json on all of Emergent")
    ap.add_argument("--fnc", action="store_true", help="held-out FNC-1 headlines against bodies")
    ap.add_argument("--fnc-per-stance", type=int, default=150)
    ap.add_argument("--nli", action="store_true", help="held-out NLI pairs")
    ap.add_argument("--nli-limit", type=int, default=0)
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--skip-emergent", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args(argv)
    try:
        judge = Judge()
    except ModelError:  # no combiner yet (a new model format): the model's own reading until refitted
        judge = Judge(model=prior())
    report: dict[str, object] = {}
    if not args.skip_emergent:
        report["emergent_cv"] = emergent(judge, combiner.MODEL_PATH if args.write else None)
        print(json.dumps({"emergent_cv": report["emergent_cv"]}, indent=1), flush=True)
        if args.write:
            judge = Judge(crossencoder=judge.crossencoder)  # the refitted combiner from here on
    if args.fnc:
        report["fnc1_heldout"] = fnc(judge, args.fnc_per_stance)
        print(json.dumps({"fnc1_heldout": report["fnc1_heldout"]}, indent=1), flush=True)
    if args.nli:
        report["nli_heldout"] = nli(judge, args.nli_limit)
        print(json.dumps({"nli_heldout": report["nli_heldout"]}, indent=1), flush=True)
    if args.speed:
        report["speed"] = speed(judge)
        print(json.dumps({"speed": report["speed"]}, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
