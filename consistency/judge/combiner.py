"""The learned part of the judge: two small logistic regressions, stored as readable JSON.

Stage 1 reads the sentence vectors (new, old, and their product) and says how a headline of
this shape usually stands; stage 2 weighs that against the named detector features. Both are
plain coefficient tables in `model.json` (no pickle); `benchmarks/judge_emergent.py --write`
refits them. Probabilities are calibrated with one temperature fitted on cross-validated output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from consistency.errors import ModelError

CLASSES = ("agrees", "contradicts", "discusses")
MODEL_PATH = Path(__file__).with_name("model.json")
EMB_PRODUCT_SCALE = 10.0  # a*b is tiny per dimension; scaled so one penalty suits all blocks
STAGE1_C = 1.0
STAGE2_C = 0.003
SEED = 0


def embedding_block(old_vecs: np.ndarray, new_vecs: np.ndarray) -> np.ndarray:
    """[new, old, old*new]: how the new sentence reads, what the claim is, and where they meet."""
    return np.hstack([new_vecs, old_vecs, EMB_PRODUCT_SCALE * old_vecs * new_vecs]).astype(np.float64)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _stage1_names() -> list[str]:
    return [f"emb_logp:{c}" for c in CLASSES]


@dataclass
class Combiner:
    """Coefficients and thresholds; `predict_proba` is two matrix products and a softmax."""

    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (3, n_features)
    intercept: np.ndarray  # (3,)
    emb_coef: np.ndarray  # (3, emb_dim)
    emb_intercept: np.ndarray  # (3,)
    temperature: float = 1.0
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def stage1(self, emb: np.ndarray) -> np.ndarray:
        return np.log(_softmax(emb @ self.emb_coef.T + self.emb_intercept) + 1e-6)

    def logits(self, feats: list[dict[str, float]], emb: np.ndarray) -> np.ndarray:
        s1 = self.stage1(emb)
        names1 = _stage1_names()
        rows = []
        for i, f in enumerate(feats):
            full = dict(f)
            full.update({n: float(s1[i, k]) for k, n in enumerate(names1)})
            rows.append([full.get(n, 0.0) for n in self.feature_names])
        x = (np.asarray(rows, dtype=np.float64).reshape(len(feats), -1) - self.mean) / self.scale
        return np.asarray(x @ self.coef.T + self.intercept)

    def predict_proba(self, feats: list[dict[str, float]], emb: np.ndarray) -> np.ndarray:
        """Calibrated (N, 3) probabilities in CLASSES order."""
        if not feats:
            return np.zeros((0, len(CLASSES)))
        return _softmax(self.logits(feats, emb) / self.temperature)

    def weights(self, cls: str, top: int = 10) -> list[tuple[str, float]]:
        """The largest weights toward `cls`, for people who want to see what the model learned."""
        k = CLASSES.index(cls)
        order = np.argsort(-self.coef[k])[:top]
        return [(self.feature_names[i], float(self.coef[k, i])) for i in order]

    def to_json(self) -> dict[str, Any]:
        def r(a: np.ndarray) -> Any:
            return np.round(a, 6).tolist()

        return {
            "format": "consist-judge-combiner/1",
            "classes": list(CLASSES),
            "embedding_block": "[new_vec, old_vec, 10 * old_vec * new_vec]",
            "stage1": {"coef": r(self.emb_coef), "intercept": r(self.emb_intercept)},
            "stage2": {
                "feature_names": self.feature_names,
                "mean": r(self.mean),
                "scale": r(self.scale),
                "coef": r(self.coef),
                "intercept": r(self.intercept),
            },
            "temperature": round(self.temperature, 6),
            "thresholds": self.thresholds,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Combiner:
        if data.get("format") != "consist-judge-combiner/1" or tuple(data.get("classes", ())) != CLASSES:
            raise ModelError("judge model file has an unknown format; refit with benchmarks/judge_emergent.py")
        s1, s2 = data["stage1"], data["stage2"]
        return cls(
            feature_names=list(s2["feature_names"]),
            mean=np.asarray(s2["mean"], dtype=np.float64),
            scale=np.asarray(s2["scale"], dtype=np.float64),
            coef=np.asarray(s2["coef"], dtype=np.float64),
            intercept=np.asarray(s2["intercept"], dtype=np.float64),
            emb_coef=np.asarray(s1["coef"], dtype=np.float64),
            emb_intercept=np.asarray(s1["intercept"], dtype=np.float64),
            temperature=float(data.get("temperature", 1.0)),
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            meta=dict(data.get("meta", {})),
        )


def load(path: Path = MODEL_PATH) -> Combiner:
    try:
        return Combiner.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read the judge model {path}: {exc}") from exc


def fit(
    feats: list[dict[str, float]], emb: np.ndarray, y: np.ndarray, groups: np.ndarray, inner_folds: int = 5
) -> Combiner:
    """Fit both stages; stage 2 sees stage 1's out-of-fold output, so it learns how far to trust it."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    def stage1_model() -> LogisticRegression:
        return LogisticRegression(C=STAGE1_C, max_iter=3000, random_state=SEED)

    oof = np.zeros((len(y), len(CLASSES)))
    for tr, te in GroupKFold(inner_folds).split(emb, y, groups):
        oof[te] = stage1_model().fit(emb[tr], y[tr]).predict_proba(emb[te])
    s1 = stage1_model().fit(emb, y)
    names1 = _stage1_names()
    feature_names = sorted({n for f in feats for n in f}) + names1
    rows = []
    for i, f in enumerate(feats):
        full = dict(f)
        full.update({n: float(np.log(oof[i, k] + 1e-6)) for k, n in enumerate(names1)})
        rows.append([full.get(n, 0.0) for n in feature_names])
    x = np.asarray(rows, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    s2 = LogisticRegression(C=STAGE2_C, max_iter=5000, random_state=SEED).fit((x - mean) / scale, y)
    return Combiner(
        feature_names=feature_names,
        mean=mean,
        scale=scale,
        coef=s2.coef_,
        intercept=s2.intercept_,
        emb_coef=s1.coef_,
        emb_intercept=s1.intercept_,
    )


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The one temperature that minimises log loss on held-out logits (grid search, deterministic)."""
    best_t, best_loss = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.02):
        p = _softmax(logits / t)
        loss = float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t
