"""The judge's small calibrated combiner: the cross-encoder's reading weighed with the detectors.

The cross-encoder (`crossencoder.py`) reads meaning; the detectors read what it cannot see or
is known to miss (numbers against numbers, dates, a denial's target, hedges, how close the two
claims are). The combiner is anchored on the model: each class's score is the model's own
log-probability of that class times one shared weight (never negative), plus a multinomial
logistic regression over the detectors' named features. So a fit on one data set can shift
and sharpen the model's reading, but cannot learn to read it backwards (Emergent's headlines
alone once taught a free regression that a contradiction reading means `agrees`). One
temperature, fitted on cross-validated output, calibrates the result.
Everything is a named coefficient in `model.json` (no pickle); `benchmarks/judge_fit.py
--write` refits it on Emergent (the cross-encoder never trained on Emergent).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from consistency.errors import ModelError

CLASSES = ("agrees", "contradicts", "discusses")
MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "consist-judge-combiner/4"
C = 0.3  # inverse L2 strength on the detector weights: few features, one training set, keep them modest
# the judge's hand-set rule thresholds (see judge/__init__.py), written into every model file
DEFAULT_THRESHOLDS = {
    "contradicts_min": 0.45,
    "model_contradicts_min": 0.8,
    "conflict_force_min": 0.1,
    "related_model_min": 0.6,
}


@dataclass
class Combiner:
    """Coefficients and thresholds; `predict_proba` is one matrix product and a softmax."""

    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (3, n_features)
    intercept: np.ndarray  # (3,)
    model_weight: float = 1.0  # times the cross-encoder's log-probability of each class
    temperature: float = 1.0
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, feats: list[dict[str, float]]) -> np.ndarray:
        x = (matrix(feats, self.feature_names) - self.mean) / self.scale
        return np.asarray(self.model_weight * model_block(feats) + x @ self.coef.T + self.intercept)

    def predict_proba(self, feats: list[dict[str, float]]) -> np.ndarray:
        """Calibrated (N, 3) probabilities in CLASSES order."""
        if not feats:
            return np.zeros((0, len(CLASSES)))
        return softmax(self.logits(feats) / self.temperature)

    def weights(self, cls: str, top: int = 10) -> list[tuple[str, float]]:
        """The largest weights toward `cls`, for people who want to see what the model learned."""
        k = CLASSES.index(cls)
        order = np.argsort(-self.coef[k])[:top]
        return [(self.feature_names[i], float(self.coef[k, i])) for i in order]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "classes": list(CLASSES),
            "input": "model_weight * log p(class) of the cross-encoder + coef @ named features "
            "(judge/features.py, standardised by mean and scale) + intercept, divided by temperature",
            "model_weight": round(self.model_weight, 6),
            "feature_names": self.feature_names,
            "mean": _r(self.mean),
            "scale": _r(self.scale),
            "coef": _r(self.coef),
            "intercept": _r(self.intercept),
            "temperature": round(self.temperature, 6),
            "thresholds": self.thresholds,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Combiner:
        if data.get("format") != FORMAT or tuple(data.get("classes", ())) != CLASSES:
            raise ModelError("judge model file has an unknown format; refit with benchmarks/judge_fit.py --write")
        names = list(data["feature_names"])
        model = cls(
            feature_names=names,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            model_weight=float(data["model_weight"]),
            temperature=float(data.get("temperature", 1.0)),
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            meta=dict(data.get("meta", {})),
        )
        n = len(names)
        if model.mean.shape != (n,) or model.scale.shape != (n,) or model.coef.shape != (len(CLASSES), n):
            raise ValueError("coefficients that do not fit the feature names")
        if model.intercept.shape != (len(CLASSES),) or not model.temperature > 0 or not model.model_weight >= 0:
            raise ValueError("an intercept, model weight or temperature that does not fit")
        return model


# the cross-encoder's reading of each class, as features carry it (log-probabilities)
MODEL_FEATURES = {"agrees": "ce:entailment", "contradicts": "ce:contradiction", "discusses": "ce:neutral"}


def model_block(feats: list[dict[str, float]]) -> np.ndarray:
    """(N, 3) the model's log-probabilities in CLASSES order; a row without them reads uniform."""
    uniform = float(np.log(1 / len(CLASSES)))
    return np.array([[f.get(MODEL_FEATURES[c], uniform) for c in CLASSES] for f in feats], dtype=np.float64)


def matrix(feats: list[dict[str, float]], names: list[str]) -> np.ndarray:
    """Named features in the order of `names`; a name a row lacks is 0, names not listed are ignored."""
    where = _index_of(tuple(names))
    x = np.zeros((len(feats), len(names)), dtype=np.float64)
    for i, f in enumerate(feats):
        for name, value in f.items():
            j = where.get(name)
            if j is not None:
                x[i, j] = value
    return x


@lru_cache(maxsize=8)
def _index_of(names: tuple[str, ...]) -> dict[str, int]:
    return {n: j for j, n in enumerate(names)}


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _r(a: np.ndarray) -> Any:
    return np.round(a, 6).tolist()


def dumps(model: Combiner) -> str:
    return json.dumps(model.to_json(), indent=1) + "\n"


def load(path: Path = MODEL_PATH) -> Combiner:
    try:
        return Combiner.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ModelError(f"cannot read the judge model {path}: {exc}") from exc


def scaling(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and deviations (a constant column keeps scale 1)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def fit(feats: list[dict[str, float]], y: np.ndarray, names: list[str]) -> Combiner:
    """Maximum likelihood with an L2 penalty on the detector weights (strength 1/C, as scikit-learn's
    LogisticRegression) and the model weight kept >= 0; temperature 1 (see `fit_temperature`).
    `names` must not list the model's own features: they enter through `model_weight` only."""
    from scipy.optimize import minimize

    names = [n for n in names if n not in MODEL_FEATURES.values()]
    if len(set(y.tolist())) != len(CLASSES):
        raise ValueError("the combiner needs rows of every class")
    x_raw = matrix(feats, names)
    mean, scale = scaling(x_raw)
    x = (x_raw - mean) / scale
    lp = model_block(feats)
    n, k, d = len(y), len(CLASSES), len(names)
    onehot = np.eye(k)[y]
    lam = 1.0 / (C * n)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, w, b = theta[0], theta[1 : 1 + k * d].reshape(k, d), theta[1 + k * d :]
        z = a * lp + x @ w.T + b
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        dz = (np.exp(logp) - onehot) / n
        value = -float((onehot * logp).sum()) / n + 0.5 * lam * float((w * w).sum())
        grad = np.concatenate([[float((dz * lp).sum())], (dz.T @ x + lam * w).ravel(), dz.sum(axis=0)])
        return value, grad

    start = np.concatenate([[1.0], np.zeros(k * d + k)])
    bounds = [(0.0, 20.0)] + [(None, None)] * (k * d + k)
    res = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
    theta = res.x
    coef = theta[1 : 1 + k * d].reshape(k, d)
    return Combiner(names, mean, scale, coef, theta[1 + k * d :], model_weight=float(theta[0]))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The one temperature that minimises log loss on held-out logits (grid search, deterministic)."""
    best_t, best_loss = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.02):
        p = softmax(logits / t)
        loss = float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t
