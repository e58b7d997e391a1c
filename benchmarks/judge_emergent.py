"""Fit and measure the judge on Emergent: grouped 10-fold CV, confusion matrix, speed ratio.

    python benchmarks/judge_emergent.py                 # measure only
    python benchmarks/judge_emergent.py --write         # and refit consistency/judge/model.json
    python benchmarks/judge_emergent.py --nested        # also choose the tree blend inside each fold (~30 min)

The data file is read by path and never copied into the repository. Folds group rows by
claimId, so no claim is in both train and test. Fitting is deterministic (fixed seeds, fixed
folds). Everything expensive (parsing, embedding) is computed once per run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consistency.embeddings import BATCH_SIZE, _sentence_model, default_embedder  # noqa: E402
from consistency.judge import (  # noqa: E402
    Judge,
    Pair,
    claims_from_texts,
    combiner,  # noqa: E402
    model_inputs,
)
from consistency.judge.features import STANCE_WORDS, detect, pair_features  # noqa: E402
from consistency.judge.similarity import cosine  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "emergent" / "train.csv"
STANCE_TO_RELATION = {"for": "agrees", "against": "contradicts", "observing": "discusses"}
FOLDS = 10
RELATIONS4 = ("agrees", "contradicts", "discusses", "unrelated")


def load(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["articleHeadlineStance"] in STANCE_TO_RELATION]


def f1_per_class(y: list[str], pred: list[str], classes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    out = {}
    for c in classes:
        tp = sum(1 for a, b in zip(y, pred, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, pred, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, pred, strict=True) if a == c and b != c)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        }
    return out


def confusion(y: list[str], pred: list[str]) -> list[list[int]]:
    """Rows: true agrees/contradicts/discusses; columns: predicted agrees/contradicts/discusses/unrelated."""
    return [
        [sum(1 for a, b in zip(y, pred, strict=True) if a == t and b == p) for p in RELATIONS4]
        for t in combiner.CLASSES
    ]


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-class probability."""
    conf, hit = probs.max(axis=1), (probs.argmax(axis=1) == y)
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        m = (conf > lo) & (conf <= lo + 1 / bins)
        if m.any():
            total += m.mean() * abs(conf[m].mean() - hit[m].mean())
    return round(float(total), 4)


def baseline(
    emb_a: np.ndarray, emb_b: np.ndarray, rows: list[dict[str, str]], y: np.ndarray, groups: np.ndarray
) -> float:
    """The reference the issue names: LR over MiniLM vectors and lists of refuting/reporting words."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    cues = STANCE_WORDS["refute"] + STANCE_WORDS["deny"] + STANCE_WORDS["report"] + STANCE_WORDS["modal"]
    words_x = np.array(
        [
            [float(w in r["articleHeadline"].lower().split()) for w in cues] + [float("?" in r["articleHeadline"])]
            for r in rows
        ]
    )
    x = np.hstack([emb_b, emb_a * emb_b, words_x])
    pred = np.zeros_like(y)
    for tr, te in GroupKFold(FOLDS).split(x, y, groups):
        sc = StandardScaler().fit(x[tr])
        m = LogisticRegression(C=0.01, max_iter=3000, random_state=0).fit(sc.transform(x[tr]), y[tr])
        pred[te] = m.predict(sc.transform(x[te]))
    return round(float((pred == y).mean()), 4)


NESTED_TREES = (
    {"learning_rate": 0.05, "max_iter": 200, "max_leaf_nodes": 15},
    {"learning_rate": 0.03, "max_iter": 300, "max_leaf_nodes": 8},
    {"learning_rate": 0.1, "max_iter": 100, "max_leaf_nodes": 31},
)
NESTED_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def nested(
    pairs: list[Pair],
    feats: list[dict[str, float]],
    inputs: combiner.Inputs,
    y: np.ndarray,
    groups: np.ndarray,
    folds: list,
) -> dict[str, object]:
    """The honest number for the tree blend: each outer fold picks its trees' size and weight by an
    inner grouped CV on its own training claims, then is scored once, by the model and by the
    whole judge (rules included, ungated as in the main report)."""
    from sklearn.model_selection import GroupKFold

    def standard(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean, scale = combiner.scaling(a)
        return (a - mean) / scale, (b - mean) / scale

    pred = np.zeros(len(y), dtype=int)
    judged = [""] * len(y)
    logits = np.zeros((len(y), 3))
    models = []
    chosen = []
    for tr, te in folds:
        s1 = combiner.fit_stage1([feats[i] for i in tr], inputs.take(tr), y[tr], groups[tr])
        x_tr = s1.x2
        y_tr, g_tr = y[tr], groups[tr]
        p_lin = np.zeros((len(tr), 3))
        p_trees = [np.zeros((len(tr), 3)) for _ in NESTED_TREES]
        for a, b in GroupKFold(5).split(x_tr, y_tr, g_tr):
            xa, xb = standard(x_tr[a], x_tr[b])
            p_lin[b] = combiner.stage2_linear().fit(xa, y_tr[a]).predict_proba(xb)
            for k, cfg in enumerate(NESTED_TREES):
                p_trees[k][b] = combiner.stage2_trees(cfg).fit(xa, y_tr[a]).predict_proba(xb)

        scores = {
            (k, w): float((((1 - w) * np.log(p_lin + 1e-9) + w * np.log(p + 1e-9)).argmax(axis=1) == y_tr).mean())
            for k, p in enumerate(p_trees)
            for w in NESTED_WEIGHTS
        }
        k, w = max(scores, key=lambda kw: scores[kw])
        chosen.append({**NESTED_TREES[k], "weight": w})
        m = combiner.fit(
            [feats[i] for i in tr], inputs.take(tr), y_tr, g_tr, tree_weight=w, trees_config=NESTED_TREES[k], stage1=s1
        )
        logits[te] = m.logits([feats[i] for i in te], inputs.take(te))
        pred[te] = logits[te].argmax(axis=1)
        models.append(m)
        print(f"nested fold: {chosen[-1]}", file=sys.stderr)
    temperature = combiner.fit_temperature(logits, y)
    for m, (_, te) in zip(models, folds, strict=True):
        m.temperature = temperature
        for i, j in zip(te, Judge(model=m, gate_unrelated=False).judge_pairs([pairs[i] for i in te]), strict=True):
            judged[i] = j.relation
    labels = [combiner.CLASSES[k] for k in y]
    return {
        "judge_accuracy": round(float(np.mean([a == b for a, b in zip(labels, judged, strict=True)])), 4),
        "judge_macro_f1": round(
            float(np.mean([v["f1"] for v in f1_per_class(labels, judged, combiner.CLASSES).values()])), 4
        ),
        "confusion": confusion(labels, judged),
        "model_only_accuracy": round(float((pred == y).mean()), 4),
        "chosen_per_fold": chosen,
    }


def _forget_texts() -> None:
    """Empty the per-text memories of the detectors (each text is read once per process)."""
    from consistency.judge import denial, evidence, hedging, quantity, states

    for cached in (denial._denial_cues, evidence._words, hedging._cues_in, quantity._read_quantities, states._named):
        cached.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Emergent train.csv (read in place)")
    ap.add_argument("--write", action="store_true", help="refit on all rows and write the model file")
    ap.add_argument("--model", type=Path, default=combiner.MODEL_PATH, help="where --write puts the model")
    ap.add_argument("--json", type=Path, help="also write the report here as JSON")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--nested", action="store_true", help="also run the nested CV that chose the tree blend")
    ap.add_argument("--oof", type=Path, help="also save the model's out-of-fold logits here (.npz, for experiments)")
    ap.add_argument("--vectors", choices=["proposition", "text"], default="proposition", help="what to embed")
    args = ap.parse_args(argv)
    from sklearn.model_selection import GroupKFold

    rows = load(args.data)
    texts = sorted({r["claimHeadline"] for r in rows} | {r["articleHeadline"] for r in rows})
    t0 = time.perf_counter()
    claims = dict(zip(texts, claims_from_texts(texts), strict=True))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    vecs = dict(
        zip(
            texts,
            default_embedder().encode(
                [(claims[t].proposition or t) if args.vectors == "proposition" else t for t in texts]
            ),
            strict=True,
        )
    )
    t_embed = time.perf_counter() - t0
    print(
        f"{len(rows)} pairs, {len(texts)} texts: parsed in {t_parse:.1f}s, embedded in {t_embed:.1f}s", file=sys.stderr
    )

    pairs = [
        Pair(
            claims[r["claimHeadline"]],
            claims[r["articleHeadline"]],
            0.0,
            vecs[r["claimHeadline"]],
            vecs[r["articleHeadline"]],
        )
        for r in rows
    ]
    for p in pairs:
        p.similarity = cosine(p.old_vec, p.new_vec) or 0.0
    feats = [pair_features(p.old, p.new, detect(p.old, p.new, p.similarity)) for p in pairs]
    a_vec = np.vstack([vecs[r["claimHeadline"]] for r in rows])
    b_vec = np.vstack([vecs[r["articleHeadline"]] for r in rows])
    inputs = model_inputs(pairs, a_vec, b_vec)
    emb = inputs.emb
    labels = [STANCE_TO_RELATION[r["articleHeadlineStance"]] for r in rows]
    y = np.array([combiner.CLASSES.index(c) for c in labels])
    groups = np.array([r["claimId"] for r in rows])

    # pass 1: out-of-fold logits from models fitted without the fold's claims
    folds = list(GroupKFold(FOLDS).split(emb, y, groups))
    logits = np.zeros((len(y), 3))
    models = []
    for tr, te in folds:
        m = combiner.fit([feats[i] for i in tr], inputs.take(tr), y[tr], groups[tr])
        logits[te] = m.logits([feats[i] for i in te], inputs.take(te))
        models.append(m)
    temperature = combiner.fit_temperature(logits, y)
    if args.oof:
        np.savez(args.oof, logits=logits, y=y)
    raw_probs = combiner._softmax(logits)
    cal_probs = combiner._softmax(logits / temperature)

    # pass 2: the whole judge (detectors, rules, unrelated gate) on each held-out fold
    # (ungated: every Emergent pair is known to be about its claim; gated: as deployed)
    pred = [""] * len(y)
    gated = [""] * len(y)
    scores = np.zeros(len(y))
    for m, (_, te) in zip(models, folds, strict=True):
        m.temperature = temperature
        for i, j in zip(te, Judge(model=m, gate_unrelated=False).judge_pairs([pairs[i] for i in te]), strict=True):
            pred[i], scores[i] = j.relation, j.score
        for i, j in zip(te, Judge(model=m).judge_pairs([pairs[i] for i in te]), strict=True):
            gated[i] = j.relation
    model_pred = [combiner.CLASSES[k] for k in logits.argmax(axis=1)]
    hits = np.array([a == b for a, b in zip(labels, pred, strict=True)])
    report = {
        "data": str(args.data),
        "pairs": len(rows),
        "claims": int(len(set(groups))),
        "folds": f"GroupKFold({FOLDS}) by claimId",
        "judge_accuracy": round(float(hits.mean()), 4),
        "judge_per_class": f1_per_class(labels, pred, combiner.CLASSES),
        "judge_macro_f1": round(
            float(np.mean([v["f1"] for v in f1_per_class(labels, pred, combiner.CLASSES).values()])), 4
        ),
        "confusion_rows_true_cols_pred": {
            "rows": list(combiner.CLASSES),
            "cols": list(RELATIONS4),
            "matrix": confusion(labels, pred),
        },
        "gated_accuracy": round(float(np.mean([a == b for a, b in zip(labels, gated, strict=True)])), 4),
        "gated_unrelated_predicted": gated.count("unrelated"),
        "gated_confusion": confusion(labels, gated),
        "model_only_accuracy": round(float(np.mean([a == b for a, b in zip(labels, model_pred, strict=True)])), 4),
        "model_only_per_class": f1_per_class(labels, model_pred, combiner.CLASSES),
        "temperature": temperature,
        "ece_before": ece(raw_probs, y),
        "ece_after": ece(cal_probs, y),
        "score_when_right": round(float(scores[hits].mean()), 4),
        "score_when_wrong": round(float(scores[~hits].mean()), 4) if (~hits).any() else None,
    }
    report["tree_blend"] = {"trees": combiner.TREES, "weight": combiner.TREE_WEIGHT}
    if not args.no_baseline:
        report["baseline_lr_minilm_words_accuracy"] = baseline(a_vec, b_vec, rows, y, groups)
    if args.nested:
        report["nested_tree_blend"] = nested(pairs, feats, inputs, y, groups, folds)

    final = combiner.fit(feats, inputs, y, groups)
    final.temperature = temperature
    final.thresholds = dict(combiner.DEFAULT_THRESHOLDS)
    final.meta = {
        "fitted_on": "Emergent train split (Ferreira & Vlachos 2016), 2,071 headline pairs",
        "fitted": date.today().isoformat(),
        "refit": "python benchmarks/judge_emergent.py --write",
        "cv_accuracy": report["judge_accuracy"],
        "cv_macro_f1": report["judge_macro_f1"],
    }
    judge = Judge(model=final)
    sample = (pairs * (1000 // len(pairs) + 1))[:1000]
    judge.judge_pairs(sample[:10])  # warm up
    _forget_texts()  # the detectors read each text once: time them on texts they have not met
    t0 = time.perf_counter()
    judge.judge_pairs(sample)
    t_judge = time.perf_counter() - t0
    sentences = (texts * 2)[:2000]
    t0 = time.perf_counter()
    _sentence_model().encode(sentences, batch_size=BATCH_SIZE, normalize_embeddings=True)  # the model itself
    t_embed2000 = time.perf_counter() - t0
    report["speed"] = {
        "judge_1000_pairs_s": round(t_judge, 3),
        "embed_2000_sentences_s": round(t_embed2000, 3),
        "ratio": round(t_judge / t_embed2000, 3),
    }
    if args.write:
        args.model.write_text(combiner.dumps(final), encoding="utf-8")
        report["written"] = str(args.model)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
