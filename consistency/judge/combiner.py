"""The learned part of the judge: small logistic regressions, stored as readable JSON.

Stage 1 has three views, each a logistic regression of its own: the sentence vectors (new,
old, their product) say how a sentence of this shape usually stands; the mean word vector of the words
the new sentence adds to the earlier one ("casts doubt on", "reportedly", "hoax") says what it
does with the claim; and those added words as TF-IDF terms say the same in plain words. Only terms
seen around at least `TERMS_MIN_GROUPS` different training claims are kept, so topic words of
the training set drop out. Stage 2 weighs the three views against the named detector features
twice: a logistic regression, and small boosted trees, which can let one signal change the
weight of another (a linear model cannot); their log-probabilities are blended with a fixed
weight. Everything is a coefficient or node table in `model.json` (no pickle);
`benchmarks/judge_emergent.py --write` refits it. Probabilities are calibrated by one temperature
fitted on cross-validated output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from consistency.errors import ModelError

CLASSES = ("agrees", "contradicts", "discusses")
MODEL_PATH = Path(__file__).with_name("model.json")
FORMAT = "consist-judge-combiner/3"
EMB_PRODUCT_SCALE = 10.0  # a*b is tiny per dimension; scaled so one penalty suits all blocks
STAGE1_C = 1.0
STAGE2_C = 0.001
TERMS_MIN_GROUPS = 5
SEED = 0
# the trees of stage 2 and their share of the blend: chosen by nested cross-validation on Emergent
# (each outer fold picked among three sizes and six weights on its own training claims; these won)
TREES = {"learning_rate": 0.03, "max_iter": 300, "max_leaf_nodes": 8, "l2_regularization": 1.0}
TREE_WEIGHT = 0.3
LOOKUP_SPLITS = 10  # trees with up to this many split nodes are evaluated by table (Trees._tables)
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
class Trees:
    """Boosted trees for the classes, as node tables: every tree's nodes one after another, tree
    t's first (its root) at start[t]; `left` and `right` count within the tree.

    A node sends x left when x[feature] <= threshold; a node without a left child is a leaf and
    carries its value. The raw score of class k is its baseline plus the leaf values of its trees,
    as scikit-learn's HistGradientBoostingClassifier computes it (no missing values occur in our
    features). The file keeps five decimals: the features are standardised, so that is exact
    enough for the thresholds, and the values are small steps of log-odds."""

    baseline: np.ndarray  # (3,)
    klass: np.ndarray  # (T,) the class each tree adds to
    size: np.ndarray  # (T,) nodes in each tree
    feature: np.ndarray  # (nodes,) int
    threshold: np.ndarray  # (nodes,)
    left: np.ndarray  # (nodes,) int, within the tree
    right: np.ndarray  # (nodes,) int, within the tree
    leaf: np.ndarray  # (nodes,) bool
    value: np.ndarray  # (nodes,)

    def __post_init__(self) -> None:
        """The walking tables: children as positions in the whole table, leaves pointing at
        themselves, so a walk is a fixed number of gathers (the deepest tree's depth), with no test
        for "already at a leaf"."""
        self._start = np.concatenate([[0], np.cumsum(self.size)[:-1]]).astype(np.int64)
        offset = np.repeat(self._start, self.size)
        own = np.arange(len(self.feature))
        self._feature = np.where(self.leaf, 0, self.feature)
        self._threshold = np.where(self.leaf, np.inf, self.threshold)
        self._left = np.where(self.leaf, own, offset + self.left)
        self._right = np.where(self.leaf, own, offset + self.right)
        self._classes = np.eye(len(self.baseline))[self.klass]  # (T, 3): which class each tree adds to
        depth = np.zeros(len(own), dtype=np.int64)
        for node in own:  # children come after their parent (checked in _pack)
            if not self.leaf[node]:
                depth[self._left[node]] = depth[self._right[node]] = depth[node] + 1
        self._depth = int(depth.max()) if len(depth) else 0
        self._tables()

    def _tables(self) -> None:
        """Small trees as lookup tables: a tree with k split nodes sends x to a leaf decided by k
        yes/no answers, so the answers of all trees, read at once and packed into a number per
        tree, index a table of every tree's 2^k outcomes. That is a few array operations per call
        instead of two gathers per level, 4x faster on our 8-leaf trees. Trees with more than
        LOOKUP_SPLITS splits keep the walk."""
        splits = ~self.leaf
        per_tree = np.add.reduceat(splits.astype(np.int64), self._start) if len(self.size) else np.zeros(0, np.int64)
        k = int(per_tree.max()) if len(per_tree) else 0
        self._lookup = 0 < k <= LOOKUP_SPLITS
        if not self._lookup:
            return
        n_trees = len(self.size)
        tree_of = np.repeat(np.arange(n_trees), self.size)
        # each split node's place among its tree's splits: its bit in the tree's number
        slot = np.cumsum(splits) - 1 - np.repeat(np.cumsum(per_tree) - per_tree, self.size)
        self._split_feature = np.zeros((n_trees, k), dtype=np.int64)
        self._split_threshold = np.full((n_trees, k), np.inf)  # padding: always "yes", never read
        self._split_feature[tree_of[splits], slot[splits]] = self.feature[splits]
        self._split_threshold[tree_of[splits], slot[splits]] = self.threshold[splits]
        # walk every tree for every possible set of answers once, here
        codes = np.arange(2**k)
        node = np.broadcast_to(self._start[:, None], (n_trees, len(codes)))
        for _ in range(self._depth):
            bit = (codes[None, :] >> np.where(self.leaf[node], 0, slot[node])) & 1
            node = np.where(self.leaf[node], node, np.where(bit == 1, self._left[node], self._right[node]))
        self._table = self.value[node].ravel()  # tree t's outcomes at t * 2^k
        self._offset = np.arange(n_trees) * 2**k
        self._powers = (1 << np.arange(k)).astype(np.uint8 if k <= 8 else np.uint16)

    def raw(self, x: np.ndarray) -> np.ndarray:
        """(N, 3) raw class scores."""
        if not self._lookup:
            return self._walk(x)
        answers = x[:, self._split_feature] <= self._split_threshold  # (N, trees, k)
        code = answers.astype(self._powers.dtype) @ self._powers  # small ints: a bool matmul is 2x slower
        values = self._table[code + self._offset]  # (N, trees)
        return np.asarray(self.baseline + values @ self._classes)

    def _walk(self, x: np.ndarray) -> np.ndarray:
        """(N, 3) raw class scores; every tree walked at once, one level per step."""
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(self._start, (len(x), len(self._start)))
        for _ in range(self._depth):
            go_left = x[rows, self._feature[node]] <= self._threshold[node]
            node = np.where(go_left, self._left[node], self._right[node])
        return np.asarray(self.baseline + self.value[node] @ self._classes)

    def to_json(self) -> dict[str, Any]:
        trees = []
        for k, first, n in zip(self.klass, self._start, self.size, strict=True):
            nodes = slice(int(first), int(first + n))
            trees.append(
                {
                    "class": int(k),
                    "feature": self.feature[nodes].tolist(),
                    "threshold": np.round(self.threshold[nodes], 5).tolist(),
                    "left": self.left[nodes].tolist(),
                    "right": self.right[nodes].tolist(),
                    "value": np.round(self.value[nodes], 5).tolist(),
                }
            )
        return {"baseline": _r(self.baseline), "trees": trees}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Trees:
        """A node is a leaf when it has no left child (no node points back to the root)."""
        trees = [{**t, "leaf": [int(left == 0) for left in t["left"]]} for t in d["trees"]]
        return cls._pack(np.asarray(d["baseline"], dtype=np.float64), trees)

    @classmethod
    def from_sklearn(cls, model: Any) -> Trees:
        """Copy a fitted HistGradientBoostingClassifier's node tables (its private `_predictors`
        and `_baseline_prediction`: only refitting needs them, and a test compares the copy's
        output with the library's on every install)."""
        trees = []
        for per_iteration in model._predictors:
            for k, predictor in enumerate(per_iteration):
                nodes = predictor.nodes
                trees.append(
                    {
                        "class": k,
                        "feature": nodes["feature_idx"].tolist(),
                        "threshold": nodes["num_threshold"].tolist(),
                        "left": nodes["left"].tolist(),
                        "right": nodes["right"].tolist(),
                        "leaf": nodes["is_leaf"].astype(int).tolist(),
                        "value": nodes["value"].tolist(),
                    }
                )
        return cls._pack(np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1), trees)

    @classmethod
    def _pack(cls, baseline: np.ndarray, trees: list[dict[str, Any]]) -> Trees:
        """One table of all trees; a tree whose children do not come after their parent (a cycle,
        a node that is not there) is refused here rather than walked wrongly at judging time."""
        if not trees:
            raise ValueError("the model file has a tree section without trees")
        for k, t in enumerate(trees):
            size = len(t["feature"])
            if not 0 <= int(t["class"]) < len(baseline) or any(len(t[key]) != size for key in _NODE_KEYS):
                raise ValueError(f"tree {k}: a class or a node table that does not fit")
            for i, (left, right, leaf) in enumerate(zip(t["left"], t["right"], t["leaf"], strict=True)):
                if not leaf and not (i < int(left) < size and i < int(right) < size):
                    raise ValueError(f"tree {k}, node {i}: children {left}, {right} out of order")

        def table(key: str, dtype: Any) -> np.ndarray:
            return np.array([v for t in trees for v in t[key]], dtype=dtype)

        return cls(
            baseline=baseline,
            klass=np.array([t["class"] for t in trees], dtype=np.int64),
            size=np.array([len(t["feature"]) for t in trees], dtype=np.int64),
            feature=table("feature", np.int64),
            threshold=table("threshold", np.float64),
            left=table("left", np.int64),
            right=table("right", np.int64),
            leaf=table("leaf", bool),
            value=table("value", np.float64),
        )


_NODE_KEYS = ("feature", "threshold", "left", "right", "leaf", "value")


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


def _checked_trees(trees: Trees, n_features: int) -> Trees:
    used = trees.feature[~trees.leaf]
    if used.size and (used.min() < 0 or used.max() >= n_features):
        raise ValueError("a tree splits on a feature the model file does not name")
    return trees


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return np.asarray(z - np.log(np.exp(z).sum(axis=1, keepdims=True)))


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
    trees: Trees | None = None
    tree_weight: float = 0.0
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
        x = (_stage2_matrix(feats, self.stage1(inputs), self.feature_names) - self.mean) / self.scale
        linear = np.asarray(x @ self.coef.T + self.intercept)
        if self.trees is None or self.tree_weight <= 0:
            return linear
        w = self.tree_weight
        return np.asarray((1 - w) * _log_softmax(linear) + w * _log_softmax(self.trees.raw(x)))

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
                "tree_weight": self.tree_weight,
                "trees_input": "the same standardised features; log-probabilities blended with the linear model's",
                "trees": self.trees.to_json() if self.trees is not None else None,
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
            trees=_checked_trees(Trees.from_json(s2["trees"]), len(s2["feature_names"])) if s2.get("trees") else None,
            tree_weight=float(s2.get("tree_weight", 0.0)),
            temperature=float(data.get("temperature", 1.0)),
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            meta=dict(data.get("meta", {})),
        )


def _stage2_matrix(feats: list[dict[str, float]], s1: np.ndarray, names: list[str]) -> np.ndarray:
    """Named features and stage 1's columns in the order of `names`; a name a row lacks is 0."""
    where = _index_of(tuple(names))
    x = np.zeros((len(feats), len(names)), dtype=np.float64)
    for i, f in enumerate(feats):
        for name, value in f.items():
            j = where.get(name)
            if j is not None:
                x[i, j] = value
    for k, name in enumerate(_stage1_names()):
        j = where.get(name)
        if j is not None:
            x[:, j] = s1[:, k]
    return x


@lru_cache(maxsize=8)
def _index_of(names: tuple[str, ...]) -> dict[str, int]:
    return {n: j for j, n in enumerate(names)}


def dumps(model: Combiner) -> str:
    """The model file's text: indented for reading, but one line per tree (900 trees, not 80,000 lines)."""
    data = model.to_json()
    trees = data["stage2"]["trees"]
    if not trees:
        return json.dumps(data, indent=1) + "\n"
    data["stage2"]["trees"] = {**trees, "trees": ["@tree"]}
    lines = ",\n".join("     " + json.dumps(t, separators=(",", ":")) for t in trees["trees"])
    return json.dumps(data, indent=1).replace('"@tree"', lines.lstrip()) + "\n"


def load(path: Path = MODEL_PATH) -> Combiner:
    try:
        return Combiner.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
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


@dataclass
class Stage1:
    """Fitted views, and stage 2's training matrix built from their out-of-fold output."""

    views: dict[str, Linear]
    term_space: TermSpace
    feature_names: list[str]
    x2: np.ndarray  # (N, n_features), not yet standardised


def fit_stage1(
    feats: list[dict[str, float]], inputs: Inputs, y: np.ndarray, groups: np.ndarray, inner_folds: int = 5
) -> Stage1:
    """Stage 2 sees stage 1's out-of-fold output, so it learns how far to trust each view."""
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
    return Stage1(views, term_space, feature_names, _stage2_matrix(feats, oof, feature_names))


def fit(
    feats: list[dict[str, float]],
    inputs: Inputs,
    y: np.ndarray,
    groups: np.ndarray,
    inner_folds: int = 5,
    tree_weight: float = TREE_WEIGHT,
    trees_config: dict[str, float] | None = None,
    stage1: Stage1 | None = None,
) -> Combiner:
    """Fit both stages: the views, then the linear model and the trees on their output."""

    s1 = stage1 or fit_stage1(feats, inputs, y, groups, inner_folds)
    views, term_space, feature_names, x2 = s1.views, s1.term_space, s1.feature_names, s1.x2
    mean, scale = scaling(x2)
    x2 = (x2 - mean) / scale
    s2 = stage2_linear().fit(x2, y)
    trees = Trees.from_sklearn(stage2_trees(trees_config).fit(x2, y)) if tree_weight > 0 else None
    return Combiner(
        feature_names=feature_names,
        mean=mean,
        scale=scale,
        coef=s2.coef_,
        intercept=s2.intercept_,
        views=views,
        term_space=term_space,
        trees=trees,
        tree_weight=tree_weight if trees is not None else 0.0,
    )


def scaling(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stage 2's standardisation: column means and deviations (a constant column keeps scale 1)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def stage2_linear() -> Any:
    """Stage 2's logistic regression, unfitted (also for experiments that must fit it the same way)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=STAGE2_C, max_iter=5000, random_state=SEED)


def stage2_trees(config: dict[str, float] | None = None) -> Any:
    """Stage 2's boosted trees, unfitted: TREES with `config` over it."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**{**TREES, **(config or {})}, early_stopping=False, random_state=SEED)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The one temperature that minimises log loss on held-out logits (grid search, deterministic)."""
    best_t, best_loss = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.02):
        p = _softmax(logits / t)
        loss = float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t
