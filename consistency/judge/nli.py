"""Optional slot for a local NLI cross-encoder (`--nli-model DIR` or CONSIST_NLI_MODEL).

Nothing is downloaded: DIR must hold a sentence-transformers CrossEncoder. Its three outputs are
mapped to our relations by the model's own label names (entailment -> agrees, contradiction ->
contradicts, neutral -> discusses); a model without such names is read in the common NLI order
(contradiction, entailment, neutral). The judge blends them with its own probabilities.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from consistency.errors import ModelError

ENV_VAR = "CONSIST_NLI_MODEL"
DEFAULT_ORDER = ("contradicts", "agrees", "discusses")
_NAME_MAP = {"contradiction": "contradicts", "entailment": "agrees", "neutral": "discusses"}


class NliScorer:
    """A CrossEncoder from a local folder, answering in our relation names."""

    def __init__(self, path: str | Path) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise ModelError(f"NLI model folder not found: {folder}")
        try:
            from sentence_transformers import CrossEncoder

            self.model = CrossEncoder(str(folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise ModelError(f"cannot load the NLI model from {folder}: {exc}") from exc
        self.path = str(folder)
        self.labels = self._labels()

    def _labels(self) -> tuple[str, ...]:
        id2label = getattr(getattr(self.model, "config", None), "id2label", None) or {}
        names = [str(id2label.get(i, "")).lower() for i in range(len(id2label))]
        mapped = tuple(_NAME_MAP.get(n, "") for n in names)
        if len(mapped) == 3 and all(mapped) and len(set(mapped)) == 3:
            return mapped
        if len(names) != 3:
            raise ModelError(f"NLI model in {self.path} has {len(names)} outputs; three are needed")
        return DEFAULT_ORDER

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """Probabilities per relation for each (earlier, new) text pair."""
        if not pairs:
            return []
        logits = np.asarray(self.model.predict(pairs, apply_softmax=False, show_progress_bar=False), dtype=np.float64)
        logits = logits.reshape(len(pairs), -1)
        z = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = z / z.sum(axis=1, keepdims=True)
        return [{label: float(row[i]) for i, label in enumerate(self.labels)} for row in probs]


def from_env(path: str | Path | None = None) -> NliScorer | None:
    """The scorer named by `path` or CONSIST_NLI_MODEL, or None when neither is set."""
    chosen = path or os.environ.get(ENV_VAR)
    return NliScorer(chosen) if chosen else None
