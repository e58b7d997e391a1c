"""The learned combiner's plumbing: its own TF-IDF matches scikit-learn's, and the JSON round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from consistency.errors import ModelError
from consistency.judge import combiner


def test_added_tokens_are_the_frame_around_the_claim() -> None:
    tokens = combiner.added_tokens("The minister resigned.", "Report: the minister reportedly resigned?")
    assert tokens == ["Report", ":", "reportedly", "?"]
    assert combiner.terms(tokens) == ["report", ":", "reportedly", "?", "report :", ": reportedly", "reportedly ?"]


def test_term_space_matches_scikit_learn_tfidf() -> None:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    docs = [["hoax", "denies", "denies hoax"], ["reportedly"], ["hoax", "reportedly"], ["denies"], []]
    groups = np.array([0, 1, 2, 3, 4])
    space = combiner.fit_term_space(docs, groups)
    assert space.vocabulary == []  # no term is used around five different claims
    space = combiner.fit_term_space(docs, groups, min_groups=1)
    counts = CountVectorizer(analyzer=lambda d: d, binary=True, vocabulary=space.vocabulary).transform(docs)
    expected = TfidfTransformer().fit(counts).transform(counts).toarray()
    np.testing.assert_allclose(space.transform(docs), expected, atol=1e-9)


def test_packaged_model_round_trips_through_json() -> None:
    model = combiner.load()
    again = combiner.Combiner.from_json(model.to_json())
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(4, 384))
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    inputs = combiner.Inputs(
        combiner.embedding_block(vecs[:2], vecs[2:]), vecs[:2], [["reportedly"], ["hoax", "denies"]]
    )
    feats = [{"similarity": 0.8}, {"similarity": 0.4, "w:hoax": 1.0}]
    p1, p2 = model.predict_proba(feats, inputs), again.predict_proba(feats, inputs)
    np.testing.assert_allclose(p1, p2, atol=1e-5)
    assert np.allclose(p1.sum(axis=1), 1.0)
    assert set(model.views) == set(combiner.VIEWS) and len(model.term_space.vocabulary) > 20


@pytest.mark.parametrize("leaves", [8, 40])
def test_trees_in_the_model_file_predict_what_scikit_learn_predicts(leaves: int) -> None:
    """The node tables are the fitted trees: no pickle, and no drift from the library's own output,
    whether read by lookup table (small trees) or walked (big ones)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 6))
    y = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 1)
    fitted = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=leaves, random_state=0).fit(x, y)
    trees = combiner.Trees.from_json(json.loads(json.dumps(combiner.Trees.from_sklearn(fitted).to_json())))
    assert trees._lookup == (leaves - 1 <= combiner.LOOKUP_SPLITS)
    unseen = rng.normal(size=(50, 6))
    np.testing.assert_allclose(combiner._softmax(trees.raw(unseen)), fitted.predict_proba(unseen), atol=1e-4)


def test_the_lookup_tables_score_exactly_what_the_walk_scores() -> None:
    """Every pair's score is the same by table as by walking the packaged trees, at the split
    values themselves too (where `<=` decides the side)."""
    trees = combiner.load().trees
    assert trees is not None and trees._lookup
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, int(trees.feature.max()) + 1))
    splits = np.flatnonzero(~trees.leaf)
    for row, node in enumerate(rng.choice(splits, size=300)):
        x[row, trees.feature[node]] = trees.threshold[node]
    np.testing.assert_array_equal(trees.raw(x), trees._walk(x))


def test_the_packaged_model_blends_trees_with_the_linear_model() -> None:
    model = combiner.load()
    assert model.trees is not None and 0 < model.tree_weight < 1
    assert int(model.trees.feature.max()) < len(model.feature_names)


def test_a_damaged_model_file_is_one_clear_error(tmp_path: Path) -> None:
    """A model file cut short or edited by hand fails with ModelError (one line in the CLI), not a traceback."""
    data = json.loads(combiner.MODEL_PATH.read_text(encoding="utf-8"))
    data["stage2"]["trees"]["trees"][0]["left"] = 5
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(combiner.MODEL_PATH.read_text(encoding="utf-8"))
    data["stage2"]["trees"]["trees"][0]["left"][0] = 999  # a node that is not there
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(combiner.MODEL_PATH.read_text(encoding="utf-8"))
    data["stage2"]["trees"]["trees"][0]["feature"][0] = 10_000  # a feature the file does not name
    unnamed = tmp_path / "unnamed.json"
    unnamed.write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(combiner.MODEL_PATH.read_text(encoding="utf-8"))
    data["stage2"]["trees"]["trees"] = []  # a tree section without trees
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(data), encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(combiner.MODEL_PATH.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    for path in (edited, missing, unnamed, empty, cut):
        with pytest.raises(ModelError, match="cannot read the judge model"):
            combiner.load(path)
