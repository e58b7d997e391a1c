"""The judge's reading of a pair: our own cross-encoder, int8 ONNX, shipped in the package.

A MiniLM fine-tuned on public NLI and stance pairs (`training/train_judge.py`; provenance, data
licences and held-out numbers in `crossencoder/card.json`). It reads both sentences together,
so it sees what an embedding cannot: "denied that troops crossed" against "troops crossed".
Loaded once per process, lazily, from package files: nothing is downloaded. Pairs are sorted by
length and batched, so each batch pads only to its own longest pair.

The int8 model reads a pair the same in any batch (static activation ranges, per-row scales
where they are dynamic; see `training/train_judge.py`), so a reading is a function of the pair:
copies in one call are read once, and a bounded memory answers pairs read before.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from consistency.errors import ModelError

MODEL_DIR = Path(__file__).with_name("crossencoder")
# the model's outputs, as trained (judge_data.LABELS), and the judge's names for them
MODEL_LABELS = ("contradiction", "entailment", "neutral")
RELATION_OF = {"contradiction": "contradicts", "entailment": "agrees", "neutral": "discusses"}
MAX_LENGTH = 128
BATCH = 32
# readings remembered per process (~0.6 KB each, ~12 MB in all): a run's repeated pairs
MEMORY = 20_000


class CrossEncoder:
    """Probabilities of (contradiction, entailment, neutral) for (earlier, new) text pairs."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            self.card: dict[str, Any] = json.loads((folder / "card.json").read_text(encoding="utf-8"))
            labels = tuple(self.card.get("labels", ()))
            if labels != MODEL_LABELS:
                raise ValueError(f"labels {labels} are not {MODEL_LABELS}")
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self.tokenizer.enable_truncation(int(self.card.get("max_length", MAX_LENGTH)))
            self.tokenizer.no_padding()
            options = ort.SessionOptions()
            options.log_severity_level = 3
            threads = os.environ.get("CONSIST_JUDGE_THREADS")
            if threads:
                options.intra_op_num_threads = int(threads)
            self.session = ort.InferenceSession(
                str(folder / "model.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own types; all mean "cannot use the model"
            raise ModelError(f"cannot load the judge's cross-encoder from {folder}: {exc}") from exc
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()
        self._memory: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self.reads = 0  # pairs the model actually read, for benchmarks

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """(N, 3) probabilities in MODEL_LABELS order; the first text is the premise."""
        out = np.zeros((len(pairs), len(MODEL_LABELS)))
        todo: dict[tuple[str, str], list[int]] = {}
        with self._lock:
            for i, pair in enumerate(pairs):
                known = self._memory.get(pair)
                if known is not None:
                    self._memory.move_to_end(pair)
                    out[i] = known
                else:
                    todo.setdefault(pair, []).append(i)
        if todo:
            fresh = list(todo)
            probs = self._read(fresh)
            with self._lock:
                self.reads += len(fresh)
                for pair, row in zip(fresh, probs, strict=True):
                    out[todo[pair]] = row
                    self._memory[pair] = row.copy()
                while len(self._memory) > MEMORY:
                    self._memory.popitem(last=False)
        return out

    def _read(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """The model's probabilities for distinct pairs, sorted by length and batched."""
        if not pairs:
            return np.zeros((0, len(MODEL_LABELS)))
        encoded = self.tokenizer.encode_batch([(a or ".", b or ".") for a, b in pairs])
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")
        out = np.zeros((len(pairs), len(MODEL_LABELS)))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            width = max(len(encoded[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for r, i in enumerate(rows):
                e = encoded[i]
                n = len(e.ids)
                ids[r, :n], mask[r, :n], types[r, :n] = e.ids, e.attention_mask, e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            with self._lock:  # one session, shared by threads
                logits = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            z = np.exp(logits - logits.max(axis=1, keepdims=True))
            out[rows] = z / z.sum(axis=1, keepdims=True)
        return out


@lru_cache(maxsize=1)
def default_crossencoder() -> CrossEncoder:
    """The packaged model, loaded once per process."""
    return CrossEncoder()
