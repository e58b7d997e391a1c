"""The learned part of the judge: small logistic regressions, stored as readable JSON.

Stage 1 has three views, each a logistic regression of its own: the sentence vectors (new,
old, their product) say how a sentence of this shape usually stands; the mean word vector of the words
the new sentence adds to the earlier one ("casts doubt on", "reportedly", "hoax") says what it
does with the claim; and those added words as TF-IDF terms say the same in plain words. Only terms
seen around at least `TERMS_MIN_GROUPS` different training claims are kept, so topic words of
the training set drop out. Stage 2 weighs the three views against the named detector features.
Everything is a coefficient table in `model.json` (no pickle); `benchmarks/judge_emergent.py
--write` refits it. Probabilities are calibrated by one temperature fitted on cross-validated output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from consistency.errors import ModelError

CLASSES = ("agrees", "contradicts", "discusses")
MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "consist-judge-combiner/2"
EMB_PRODUCT_SCALE = 10.0  # a*b is tiny per dimension; scaled so one penalty suits all blocks
STAGE1_C = 1.0
STAGE2_C = 0.001
TERMS_MIN_GROUPS = 5
SEED = 0
VIEWS = ("emb", "diff", "words")
# the judge's hand-set rule thresholds (see judge/__init__.py), written into every model file
DEFAULT_THRESHOLDS = {"contradicts_min": 0.4, "polarity_force_min": 0.2, "conflict_force_min": 0.0, "nli_weight": 0.5}
_TOKEN = re.compile(r"[A-Za-z0-9']+|[?!:]")
_WORD = re.compile(r"[a-z0-9']+")


def embedding_block(old_vecs: np.ndarray, new_vecs: np.ndarray) -> np.ndarray:
    """[new, old, old*new]: how the new sentence reads, what the claim is, and where they meet."""
    return np.hstack([new_vecs, old_vecs, EMB_PRODUCT_SCALE * old_vecs * new_vecs]).astype(np.float64)


def added_tokens(old_text: str, new_text: str) -> list[str]:
    """The new sentence's words that the earlier one lacks, in order: its frame around the claim."""
    old_words = set(_WORD.findall(old_text.lower()))
    return [t for t in _TOKEN.findall(new_text) if t.lower() not in old_words]


def terms(tokens: list[str]) -> list[str]:
    """Lower-cased unigrams and bigrams of the added words."""
    low = [t.lower() for t in tokens]
    return low + [f"{a} {b}" for a, b in zip(low, low[1:], strict=False)]


@dataclass
class Inputs:
    """What stage 1 reads for N pairs: the embedding block, the added-words vectors, their terms."""

    emb: np.ndarray  # (N, 3 * dim)
    diff: np.ndarray  # (N, dim)
    terms: list[list[str]]

    def take(self, idx: np.ndarray) -> Inputs:
        return Inputs(self.emb[idx], self.diff[idx], [self.terms[i] for i in idx])


@dataclass
class Linear:
    """One multinomial logistic regression: coef (3, d) and intercept (3,)."""

    coef: np.ndarray
    intercept: np.ndarray

    def log_proba(self, x: np.ndarray) -> np.ndarray:
        return np.log(_softmax(x @ self.coef.T + self.intercept) + 1e-6)

    def to_json(self) -> dict[str, Any]:
        return {"coef": _r(self.coef), "intercept": _r(self.intercept)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Linear:
        return cls(np.asarray(d["coef"], dtype=np.float64), np.asarray(d["intercept"], dtype=np.float64))


@dataclass
class TermSpace:
    """TF-IDF over a fixed vocabulary, the way scikit-learn's binary counts + TfidfTransformer do it."""

    vocabulary: list[str]
    idf: np.ndarray

    def __post_init__(self) -> None:
        self._index = {t: i for i, t in enumerate(self.vocabulary)}

    def transform(self, term_lists: list[list[str]]) -> np.ndarray:
        x = np.zeros((len(term_lists), len(self.vocabulary)))
        for row, ts in enumerate(term_lists):
            for t in set(ts):
                k = self._index.get(t)
                if k is not None:
                    x[row, k] = self.idf[k]
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return np.asarray(x / np.where(norms > 0, norms, 1.0))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _r(a: np.ndarray) -> Any:
    return np.round(a, 6).tolist()


def _stage1_names() -> list[str]:
    return [f"{v}_logp:{c}" for v in VIEWS for c in CLASSES]


@dataclass
class Combiner:
    """Coefficients and thresholds; `predict_proba` is a few matrix products and softmaxes."""

    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (3, n_features)
    intercept: np.ndarray  # (3,)
    views: dict[str, Linear]
    term_space: TermSpace
    temperature: float = 1.0
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def stage1(self, inputs: Inputs) -> np.ndarray:
        """(N, 9): each view's log-probabilities, in VIEWS order."""
        return np.hstack(
            [
                self.views["emb"].log_proba(inputs.emb),
                self.views["diff"].log_proba(inputs.diff),
                self.views["words"].log_proba(self.term_space.transform(inputs.terms)),
            ]
        )

    def logits(self, feats: list[dict[str, float]], inputs: Inputs) -> np.ndarray:
        x = _stage2_matrix(feats, self.stage1(inputs), self.feature_names)
        return np.asarray(((x - self.mean) / self.scale) @ self.coef.T + self.intercept)

    def predict_proba(self, feats: list[dict[str, float]], inputs: Inputs) -> np.ndarray:
        """Calibrated (N, 3) probabilities in CLASSES order."""
        if not feats:
            return np.zeros((0, len(CLASSES)))
        return _softmax(self.logits(feats, inputs) / self.temperature)

    def weights(self, cls: str, top: int = 10) -> list[tuple[str, float]]:
        """The largest weights toward `cls`, for people who want to see what the model learned."""
        k = CLASSES.index(cls)
        order = np.argsort(-self.coef[k])[:top]
        return [(self.feature_names[i], float(self.coef[k, i])) for i in order]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "classes": list(CLASSES),
            "stage1": {
                "emb": {"input": "[new_vec, old_vec, 10 * old_vec * new_vec]", **self.views["emb"].to_json()},
                "diff": {
                    "input": "mean input word vector of the words the new sentence adds",
                    **self.views["diff"].to_json(),
                },
                "words": {
                    "input": "TF-IDF of the added words (unigrams, bigrams), l2-normalised",
                    "vocabulary": self.term_space.vocabulary,
                    "idf": _r(self.term_space.idf),
                    **self.views["words"].to_json(),
                },
            },
            "stage2": {
                "feature_names": self.feature_names,
                "mean": _r(self.mean),
                "scale": _r(self.scale),
                "coef": _r(self.coef),
                "intercept": _r(self.intercept),
            },
            "temperature": round(self.temperature, 6),
            "thresholds": self.thresholds,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Combiner:
        if data.get("format") != FORMAT or tuple(data.get("classes", ())) != CLASSES:
            raise ModelError("judge model file has an unknown format; refit with benchmarks/judge_emergent.py")
        s1, s2 = data["stage1"], data["stage2"]
        return cls(
            feature_names=list(s2["feature_names"]),
            mean=np.asarray(s2["mean"], dtype=np.float64),
            scale=np.asarray(s2["scale"], dtype=np.float64),
            coef=np.asarray(s2["coef"], dtype=np.float64),
            intercept=np.asarray(s2["intercept"], dtype=np.float64),
            views={v: Linear.from_json(s1[v]) for v in VIEWS},
            term_space=TermSpace(list(s1["words"]["vocabulary"]), np.asarray(s1["words"]["idf"], dtype=np.float64)),
            temperature=float(data.get("temperature", 1.0)),
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            meta=dict(data.get("meta", {})),
        )


def _stage2_matrix(feats: list[dict[str, float]], s1: np.ndarray, names: list[str]) -> np.ndarray:
    names1 = _stage1_names()
    rows = []
    for i, f in enumerate(feats):
        full = dict(f)
        full.update({n: float(s1[i, k]) for k, n in enumerate(names1)})
        rows.append([full.get(n, 0.0) for n in names])
    return np.asarray(rows, dtype=np.float64).reshape(len(feats), len(names))


def load(path: Path = MODEL_PATH) -> Combiner:
    try:
        return Combiner.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read the judge model {path}: {exc}") from exc


def fit_term_space(term_lists: list[list[str]], groups: np.ndarray, min_groups: int = TERMS_MIN_GROUPS) -> TermSpace:
    """Keep the terms used around `min_groups` or more claims; idf as scikit-learn smooths it."""
    seen: dict[str, set[Any]] = {}
    df: dict[str, int] = {}
    for ts, g in zip(term_lists, groups, strict=True):
        for t in set(ts):
            seen.setdefault(t, set()).add(g)
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, gs in seen.items() if len(gs) >= min_groups)
    n = len(term_lists)
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab])
    return TermSpace(vocab, idf)


def fit(
    feats: list[dict[str, float]], inputs: Inputs, y: np.ndarray, groups: np.ndarray, inner_folds: int = 5
) -> Combiner:
    """Fit both stages; stage 2 sees stage 1's out-of-fold output, so it learns how far to trust it."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    term_space = fit_term_space(inputs.terms, groups)
    matrices = {"emb": inputs.emb, "diff": inputs.diff, "words": term_space.transform(inputs.terms)}

    def view_model() -> LogisticRegression:
        return LogisticRegression(C=STAGE1_C, max_iter=3000, random_state=SEED)

    splits = list(GroupKFold(inner_folds).split(inputs.emb, y, groups))
    oof = np.zeros((len(y), len(CLASSES) * len(VIEWS)))
    views = {}
    for v, name in enumerate(VIEWS):
        x = matrices[name]
        cols = slice(v * len(CLASSES), (v + 1) * len(CLASSES))
        for tr, te in splits:
            oof[te, cols] = np.log(view_model().fit(x[tr], y[tr]).predict_proba(x[te]) + 1e-6)
        m = view_model().fit(x, y)
        views[name] = Linear(m.coef_, m.intercept_)
    feature_names = sorted({n for f in feats for n in f}) + _stage1_names()
    x2 = _stage2_matrix(feats, oof, feature_names)
    mean = x2.mean(axis=0)
    scale = x2.std(axis=0)
    scale[scale < 1e-9] = 1.0
    s2 = LogisticRegression(C=STAGE2_C, max_iter=5000, random_state=SEED).fit((x2 - mean) / scale, y)
    return Combiner(
        feature_names=feature_names,
        mean=mean,
        scale=scale,
        coef=s2.coef_,
        intercept=s2.intercept_,
        views=views,
        term_space=term_space,
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
