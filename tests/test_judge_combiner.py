"""The combiner's plumbing: the model file round-trips, is readable, and a damaged one is one error."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from consistency.errors import ModelError
from consistency.judge import combiner


def test_packaged_model_round_trips_through_json() -> None:
    model = combiner.load()
    again = combiner.Combiner.from_json(json.loads(combiner.dumps(model)))
    feats = [
        {"similarity": 0.8, "ce:entailment": -0.1, "ce:contradiction": -4.0, "ce:neutral": -3.0},
        {"similarity": 0.6, "ce:entailment": -5.0, "ce:contradiction": -0.05, "det_denial": 1.0},
    ]
    p1, p2 = model.predict_proba(feats), again.predict_proba(feats)
    np.testing.assert_allclose(p1, p2, atol=1e-6)
    assert np.allclose(p1.sum(axis=1), 1.0)


def test_the_model_reading_carries_the_weight_it_should() -> None:
    """The packaged combiner follows the cross-encoder's reading, everything else equal: a sure
    contradiction raises `contradicts`, a sure entailment raises `agrees` (a fit cannot reverse it)."""
    model = combiner.load()
    assert model.model_weight > 0.3
    base = {"similarity": 0.8, "same_event": 1.0, "predicate_match": 1.0}
    entail = {**base, "ce:entailment": np.log(0.95), "ce:contradiction": np.log(0.02), "ce:neutral": np.log(0.03)}
    contra = {**base, "ce:entailment": np.log(0.02), "ce:contradiction": np.log(0.95), "ce:neutral": np.log(0.03)}
    p = model.predict_proba([entail, contra])
    agrees, contradicts = combiner.CLASSES.index("agrees"), combiner.CLASSES.index("contradicts")
    assert p[1, contradicts] > p[0, contradicts] + 0.2
    assert p[0, agrees] > p[1, agrees] + 0.2


def test_model_file_is_small_readable_json() -> None:
    raw = combiner.MODEL_PATH.read_bytes()
    assert len(raw) < 50_000
    data = json.loads(raw)
    assert data["classes"] == list(combiner.CLASSES)
    names = data["feature_names"]
    assert len(names) == len(data["coef"][0])
    assert {"det_quantity", "det_denial", "det_hedging", "similarity"} <= set(names)
    assert data["model_weight"] > 0  # the cross-encoder's reading enters through its own weight
    assert not any(n.startswith("w:") for n in names)  # no weight per word: it does not carry
    assert 0.3 <= combiner.load().temperature <= 3.0


def test_a_fit_on_separable_rows_learns_them() -> None:
    rng = np.random.default_rng(0)
    rows, y = [], []
    for k in range(300):
        cls = k % 3
        rows.append({"a": float(cls == 0) + rng.normal(0, 0.1), "b": float(cls == 1) + rng.normal(0, 0.1)})
        y.append(cls)
    model = combiner.fit(rows, np.array(y), ["a", "b"])
    pred = model.predict_proba(rows).argmax(axis=1)
    assert (pred == np.array(y)).mean() > 0.95
    assert combiner.fit_temperature(model.logits(rows), np.array(y)) < 1.0  # sure and right: sharpen


def test_a_damaged_model_file_is_one_clear_error(tmp_path: Path) -> None:
    """A model file cut short or edited by hand fails with ModelError (one line in the CLI), not a traceback."""
    text = combiner.MODEL_PATH.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[:500], encoding="utf-8")
    data = json.loads(text)
    data["coef"][0] = data["coef"][0][:-1]
    short = tmp_path / "short.json"
    short.write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(text)
    data["temperature"] = 0
    frozen = tmp_path / "frozen.json"
    frozen.write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(text)
    data["format"] = "consist-judge-combiner/3"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    for path in (cut, short, frozen, old):
        with pytest.raises(ModelError):
            combiner.load(path)
