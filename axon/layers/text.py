"""Text and category preprocessing: ``TextVectorization``, ``StringLookup``,
``IntegerLookup`` and ``CategoryEncoding`` (NumPy on the host, no gradient).

A lookup maps tokens to indices through its vocabulary: ``[mask_token]`` (when
set), the OOV token, then the learned tokens, most frequent first (ties broken
by the token, in reverse order, as Keras's ``np.lexsort(...)[::-1]``).
``adapt(data)`` learns the vocabulary from arrays, lists or Datasets; the
vocabulary is part of the layer's config, so it is saved with the model.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from axon.autograd.tensor import Tensor
from axon.layers.base import Layer

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
DEFAULT_STRIP_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'


def _host(x) -> np.ndarray:
    if isinstance(x, Tensor):
        return np.asarray(x.data)
    return np.asarray(x)


def _batches(data, batch_size=None, steps=None):
    """The batches of ``adapt``'s data: an array or list (one batch, or ``batch_size`` slices) or a Dataset."""
    if hasattr(data, "__iter__") and not isinstance(data, (np.ndarray, list, tuple, str, Tensor)):
        for i, batch in enumerate(data):
            if steps is not None and i >= steps:
                break
            yield _host(batch[0] if isinstance(batch, tuple) else batch)
        return
    arr = _host(data)
    if batch_size is None:
        yield arr
        return
    for start in range(0, len(arr), batch_size):
        yield arr[start:start + batch_size]


def encode_counts(indices: np.ndarray, depth: int, mode: str, dtype, weights=None) -> np.ndarray:
    """``(batch, n)`` indices -> ``(batch, depth)`` one_hot / multi_hot / count rows (``-1`` entries skipped)."""
    indices = np.asarray(indices)
    if indices.ndim == 1 and mode != "one_hot":
        indices = indices[:, None]
    if mode == "one_hot":
        flat = indices.reshape(-1) if indices.ndim == 1 or indices.shape[-1] != 1 else indices[..., 0]
        out = np.zeros(flat.shape + (depth,), dtype=dtype)
        ok = flat >= 0
        out[np.nonzero(ok)[0], flat[ok]] = 1
        return out
    batch = indices.shape[0]
    rows = np.repeat(np.arange(batch), indices.shape[1])
    cols = indices.reshape(-1)
    w = None if weights is None else np.asarray(weights, dtype=dtype).reshape(-1)
    ok = cols >= 0
    counts = np.bincount(rows[ok] * depth + cols[ok], weights=None if w is None else w[ok],
                         minlength=batch * depth).reshape(batch, depth)
    if mode == "multi_hot":
        counts = (counts > 0)
    return counts.astype(dtype)


class _IndexLookup(Layer):
    """What StringLookup, IntegerLookup and TextVectorization share: the vocabulary,
    adapt, and the index / multi_hot / count / tf_idf encodings."""

    _autocast = False
    _accepts_strings = True  # fit/predict let text through to a model that starts with this layer
    _default_oov = "[UNK]"

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None, oov_token=None,
                 vocabulary=None, idf_weights=None, invert: bool = False, output_mode: str = "int",
                 pad_to_max_tokens: bool = False, sparse: bool = False, **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        kwargs.pop("encoding", None)
        super().__init__(**kwargs)
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"Invalid value for argument `output_mode`. Expected one of {list(OUTPUT_MODES)}. "
                             f"Received: output_mode={output_mode!r}")
        if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens <= 1):
            raise ValueError(f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens!r}")
        if num_oov_indices not in (0, 1):
            raise NotImplementedError(f"`num_oov_indices` must be 0 or 1 in axon (Keras hashes OOV tokens over "
                                      f"several indices with farmhash). Received: num_oov_indices={num_oov_indices}")
        if sparse:
            raise NotImplementedError("sparse=True is not supported in axon: the outputs are dense arrays.")
        if invert and output_mode != "int":
            raise ValueError(f"`output_mode` must be 'int' when `invert` is true. Received: {output_mode!r}")
        if mask_token is not None and output_mode not in ("int",):
            raise NotImplementedError("A `mask_token` is supported with output_mode='int' only in axon.")
        self.max_tokens, self.num_oov_indices, self.mask_token = max_tokens, num_oov_indices, mask_token
        self.oov_token = self._default_oov if oov_token is None else oov_token
        self.invert, self.output_mode, self.pad_to_max_tokens = bool(invert), output_mode, bool(pad_to_max_tokens)
        self.sparse = False
        self._vocab: list = []
        self.idf_weights = None
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # ---------------------------------------------------------- vocabulary
    def _specials(self) -> list:
        return ([self.mask_token] if self.mask_token is not None else []) + [self.oov_token] * self.num_oov_indices

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The tokens in index order (the mask and OOV tokens first)."""
        return (self._specials() if include_special_tokens else []) + list(self._vocab)

    def vocabulary_size(self) -> int:
        """The number of indices (special tokens included)."""
        return len(self._specials()) + len(self._vocab)

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Set the vocabulary (a list or a file with one token a line), with ``idf_weights`` for tf_idf."""
        if isinstance(vocabulary, str):
            with open(vocabulary, encoding="utf-8") as f:
                vocabulary = [line.rstrip("\n") for line in f]
        vocab = [self._token(t) for t in _host(vocabulary).reshape(-1).tolist()]
        specials = self._specials()
        while vocab and specials and vocab[:1] == specials[:1]:
            vocab, specials = vocab[1:], specials[1:]
        if len(set(vocab)) != len(vocab):
            repeated = sorted({t for t in vocab if vocab.count(t) > 1}, key=str)
            raise ValueError(f"The passed vocabulary has at least one repeated term: {repeated[:5]}.")
        for special in (self.mask_token, self.oov_token):
            if special is not None and special in vocab:
                raise ValueError(f"The reserved token {special!r} may appear only at the start of the vocabulary.")
        if self.max_tokens is not None and len(self._specials()) + len(vocab) > self.max_tokens:
            raise ValueError(f"Attempted to set a vocabulary larger than the maximum vocab size: "
                             f"{len(self._specials()) + len(vocab)} > max_tokens={self.max_tokens}.")
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
            idf = np.asarray(idf_weights, dtype=self.dtype).reshape(-1)
            if idf.size == len(vocab):
                idf = np.concatenate([np.full(self.num_oov_indices, idf.mean(), dtype=self.dtype), idf])
            self.idf_weights = idf
        self._set_vocab(vocab)

    def _set_vocab(self, vocab: list) -> None:
        self._vocab = list(vocab)
        self._index = {t: i + len(self._specials()) for i, t in enumerate(self._vocab)}

    def _token(self, t):
        return t

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learn the vocabulary (and document frequencies for tf_idf) from ``data``."""
        counts, docs, n_docs = Counter(), Counter(), 0
        for batch in _batches(data, batch_size, steps):
            for row in self._tokenize_rows(batch):
                row = [t for t in row if t != self.mask_token]
                counts.update(row)
                docs.update(set(row))
                n_docs += 1
        for special in (self.mask_token, self.oov_token):
            counts.pop(special, None)
        if not counts:
            raise ValueError(f"Layer '{self.name}': adapt() found no tokens: the vocabulary would be empty. "
                             "Check the data (and the standardize/split settings).")
        tokens = np.array(list(counts.keys()), dtype=object)
        freq = np.array([counts[t] for t in tokens])
        order = np.lexsort((np.array([self._sort_key(t) for t in tokens]), freq))[::-1]
        if self.max_tokens is not None:
            order = order[:self.max_tokens - len(self._specials())]
        vocab = [tokens[i] for i in order]
        if self.output_mode == "tf_idf":
            doc_counts = np.array([docs[t] for t in vocab], dtype=np.float64)
            idf = np.log(1 + n_docs / (1 + doc_counts)).astype(self.dtype)
            self.idf_weights = np.concatenate([np.full(self.num_oov_indices, idf.mean(), dtype=self.dtype), idf])
        self._set_vocab(vocab)

    def _sort_key(self, token):
        return token

    def _tokenize_rows(self, batch) -> list:
        arr = np.asarray(batch)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim == 1:
            arr = arr[:, None]
        return [[self._token(t) for t in row] for row in arr.reshape(arr.shape[0], -1).tolist()]

    # ------------------------------------------------------------- lookup
    def _lookup(self, tokens: np.ndarray) -> np.ndarray:
        """Token array -> index array (int64), OOV tokens to the OOV index."""
        if not self._vocab and not self._specials()[:1]:
            raise ValueError(f"Layer '{self.name}' has no vocabulary: call adapt() or pass `vocabulary`.")
        oov = len(self._specials()) - 1 if self.num_oov_indices else -1
        index, mask = self._index, self.mask_token
        flat = [0 if (mask is not None and t == mask) else index.get(t, oov) for t in tokens.reshape(-1).tolist()]
        out = np.asarray(flat, dtype=np.int64).reshape(tokens.shape)
        if self.num_oov_indices == 0 and (out < 0).any():
            bad = tokens.reshape(-1)[int(np.argmax(out.reshape(-1) < 0))]
            raise ValueError(f"Layer '{self.name}': token {bad!r} is not in the vocabulary and num_oov_indices=0.")
        return out

    def _encode(self, indices: np.ndarray) -> np.ndarray:
        if self.output_mode == "int":
            return indices
        depth = self.max_tokens if self.pad_to_max_tokens and self.max_tokens else self.vocabulary_size()
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode_counts(indices, depth, mode, self.dtype)
        if self.output_mode == "tf_idf":
            idf = np.zeros(depth, dtype=self.dtype)
            idf[:len(self.idf_weights)] = self.idf_weights
            out = out * idf
        return out

    def _convert_inputs(self, inputs):
        return inputs if isinstance(inputs, Tensor) else Tensor._wrap(_host(inputs))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens and self.max_tokens else self.vocabulary_size()
        return (input_shape[0], depth)

    def get_config(self) -> dict:
        config = {**super().get_config(), "max_tokens": self.max_tokens, "num_oov_indices": self.num_oov_indices,
                  "mask_token": self.mask_token, "oov_token": self.oov_token, "invert": self.invert,
                  "output_mode": self.output_mode, "pad_to_max_tokens": self.pad_to_max_tokens,
                  "vocabulary": self._json_vocab() or None}
        if self.idf_weights is not None:
            config["idf_weights"] = np.asarray(self.idf_weights).tolist()
        return config

    def _json_vocab(self) -> list:
        return list(self._vocab)


class StringLookup(_IndexLookup):
    """Map strings to integer indices (or back, with ``invert=True``), or to
    one_hot / multi_hot / count / tf_idf rows.

    Args:
        max_tokens: the largest vocabulary (special tokens included).
        num_oov_indices: 1 (unknown tokens map to index of ``oov_token``) or 0 (they are an error).
        mask_token: a token that maps to index 0 (padding), or None.
        oov_token: the out-of-vocabulary token (``'[UNK]'``).
        vocabulary: a list of tokens (or a file, one a line), instead of ``adapt``.
        output_mode: ``'int'``, ``'one_hot'``, ``'multi_hot'``, ``'count'`` or ``'tf_idf'``.

    Example:
        >>> layer = axon.layers.StringLookup(vocabulary=["a", "b", "c"])
        >>> layer([["a", "c", "z"]]).numpy()
        array([[1, 3, 0]])
    """

    def _token(self, t):
        return t.decode("utf-8") if isinstance(t, bytes) else str(t)

    def call(self, inputs):
        arr = _host(inputs)
        if self.invert:
            vocab = np.asarray(self.get_vocabulary(), dtype=object)
            idx = arr.astype(np.int64)
            if idx.size and (idx.min() < 0 or idx.max() >= len(vocab)):
                raise ValueError(f"Layer '{self.name}': index {int(idx.max())} is outside the vocabulary "
                                 f"(size {len(vocab)}).")
            return Tensor._wrap(vocab[idx].astype(str))
        tokens = np.vectorize(self._token, otypes=[object])(arr) if arr.size else arr.astype(object)
        return Tensor._wrap(self._encode(self._lookup(tokens)))


class IntegerLookup(_IndexLookup):
    """Map integer values (e.g. category ids) to contiguous indices (``StringLookup`` for ints).

    The OOV token is ``-1`` and the mask token None by default, as in Keras.

    Example:
        >>> layer = axon.layers.IntegerLookup(vocabulary=[12, 36, 1138])
        >>> layer([[12, 1138, 7]]).numpy()
        array([[1, 3, 0]])
    """

    _default_oov = -1

    def _token(self, t):
        return int(t)

    def call(self, inputs):
        arr = _host(inputs)
        if self.invert:
            vocab = np.asarray(self.get_vocabulary(), dtype=np.int64)
            return Tensor._wrap(vocab[arr.astype(np.int64)])
        if arr.dtype.kind not in "iu" and arr.size:
            raise TypeError(f"Layer '{self.name}' (IntegerLookup) expects integer inputs. Received dtype={arr.dtype}.")
        return Tensor._wrap(self._encode(self._lookup(arr.astype(np.int64))))

    def _json_vocab(self) -> list:
        return [int(t) for t in self._vocab]


class TextVectorization(_IndexLookup):
    """Turn raw strings into token indices (or multi_hot / count / tf_idf rows), as Keras's layer.

    Each string is standardized (``'lower_and_strip_punctuation'``: lowercase, then
    Keras's punctuation removed), split (``'whitespace'``, ``'character'``, None or a
    callable), optionally expanded to ``ngrams`` (``2`` means 1- and 2-grams joined
    by a space), then looked up. In ``'int'`` mode index 0 is padding (``''``) and 1
    the OOV token ``'[UNK]'``; the output is padded or cut (at the end) to
    ``output_sequence_length``, else to the longest string of the batch.

    Args:
        max_tokens: the largest vocabulary (padding and OOV included).
        standardize: ``'lower_and_strip_punctuation'``, ``'lower'``, ``'strip_punctuation'``,
            None or a callable on a string.
        split: ``'whitespace'``, ``'character'``, None or a callable ``str -> list[str]``.
        ngrams: None, an int n (1..n-grams) or a tuple of sizes.
        output_mode: ``'int'``, ``'multi_hot'``, ``'count'`` or ``'tf_idf'``.
        output_sequence_length: the length of ``'int'`` outputs.
        vocabulary / idf_weights: instead of ``adapt``.

    Example:
        >>> vec = axon.layers.TextVectorization(max_tokens=100, output_sequence_length=4)
        >>> vec.adapt(["the cat sat", "the dog"])
        >>> vec(["the cat ran"]).numpy()
        array([[2, 4, 1, 0]])
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
                 ngrams=None, output_mode: str = "int", output_sequence_length=None, pad_to_max_tokens: bool = False,
                 vocabulary=None, idf_weights=None, sparse: bool = False, ragged: bool = False, **kwargs):
        if output_mode == "one_hot":
            raise ValueError("TextVectorization's `output_mode` must be 'int', 'multi_hot', 'count' or 'tf_idf'.")
        if ragged:
            raise NotImplementedError("ragged=True is not supported in axon: 'int' outputs are padded.")
        if standardize not in ("lower_and_strip_punctuation", "lower", "strip_punctuation", None) \
                and not callable(standardize):
            raise ValueError(f"Invalid value for argument `standardize`: {standardize!r}.")
        if split not in ("whitespace", "character", None) and not callable(split):
            raise ValueError(f"Invalid value for argument `split`: {split!r}.")
        if ngrams is not None and not (isinstance(ngrams, int) and ngrams > 0) and not isinstance(ngrams, tuple):
            raise ValueError(f"`ngrams` must be None, an integer, or a tuple of integers. Received: {ngrams!r}")
        if output_sequence_length is not None and output_mode != "int":
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not 'int'.")
        self.standardize, self.split, self.ngrams = standardize, split, ngrams
        self.output_sequence_length = output_sequence_length
        kwargs.pop("mask_token", None)
        kwargs.pop("oov_token", None)
        super().__init__(max_tokens=max_tokens, num_oov_indices=1, mask_token="" if output_mode == "int" else None,
                         oov_token="[UNK]", vocabulary=vocabulary, idf_weights=idf_weights, output_mode=output_mode,
                         pad_to_max_tokens=pad_to_max_tokens, **kwargs)

    def _standardize(self, text: str) -> str:
        s = self.standardize
        if s is None:
            return text
        if callable(s):
            out = s(text)
            return out.numpy().item() if isinstance(out, Tensor) else str(out)
        if s in ("lower", "lower_and_strip_punctuation"):
            text = text.lower()
        if s in ("strip_punctuation", "lower_and_strip_punctuation"):
            text = re.sub(DEFAULT_STRIP_REGEX, "", text)
        return text

    def _split(self, text: str) -> list:
        if self.split is None:
            return [text]
        if self.split == "whitespace":
            return text.split()
        if self.split == "character":
            return list(text)
        return [str(t) for t in self.split(text)]

    def _ngrams(self, tokens: list) -> list:
        if self.ngrams is None:
            return tokens
        sizes = range(1, self.ngrams + 1) if isinstance(self.ngrams, int) else self.ngrams
        out = []
        for n in sizes:
            out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return out

    def _tokenize_rows(self, batch) -> list:
        arr = np.asarray(batch)
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim != 1:
            raise ValueError(f"Layer '{self.name}' (TextVectorization) expects a batch of strings (batch,) or "
                             f"(batch, 1). Received shape {arr.shape}.")
        rows = []
        for text in arr.tolist():
            text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            rows.append(self._ngrams(self._split(self._standardize(text))))
        return rows

    def call(self, inputs):
        rows = self._tokenize_rows(_host(inputs))
        if self.output_mode != "int":
            width = max((len(r) for r in rows), default=0)
            tokens = np.full((len(rows), width), None, dtype=object)
            for i, r in enumerate(rows):
                tokens[i, :len(r)] = r
            idx = self._lookup(tokens)
            idx[tokens == None] = -1  # noqa: E711 (object array: elementwise comparison)
            return Tensor._wrap(self._encode(idx))
        length = self.output_sequence_length or max((len(r) for r in rows), default=0)
        out = np.zeros((len(rows), length), dtype=np.int64)
        for i, r in enumerate(rows):
            r = r[:length]
            if r:
                out[i, :len(r)] = self._lookup(np.asarray(r, dtype=object))
        return Tensor._wrap(out)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        return super().compute_output_shape(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        for key in ("num_oov_indices", "mask_token", "oov_token", "invert"):
            config.pop(key)
        if callable(self.standardize) or callable(self.split):
            raise ValueError(f"Layer '{self.name}': a callable `standardize` or `split` cannot be saved in a config "
                             "(a config never holds code). Use the named options, or rebuild the layer in code.")
        return {**config, "standardize": self.standardize, "split": self.split, "ngrams": self.ngrams,
                "output_sequence_length": self.output_sequence_length}


class CategoryEncoding(Layer):
    """Integer categories to one_hot / multi_hot / count rows of width ``num_tokens``.

    Args:
        num_tokens: the number of categories (inputs must be in ``[0, num_tokens)``).
        output_mode: ``'multi_hot'`` (default), ``'one_hot'`` or ``'count'``.

    Call: ``layer(inputs, count_weights=None)``; ``count_weights`` weights each input in ``'count'`` mode.

    Example:
        >>> axon.layers.CategoryEncoding(4, output_mode="count")([[0, 1, 1]]).numpy()
        array([[1., 2., 0., 0.]], dtype=float32)
    """

    _autocast = False

    def __init__(self, num_tokens=None, output_mode: str = "multi_hot", sparse: bool = False, **kwargs):
        super().__init__(**kwargs)
        if num_tokens is None or not isinstance(num_tokens, int) or num_tokens < 1:
            raise ValueError(f"`num_tokens` must be a positive int. Received: num_tokens={num_tokens!r}")
        if output_mode not in ("one_hot", "multi_hot", "count"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode!r}. Expected one of 'one_hot', "
                             "'multi_hot', 'count'.")
        if sparse:
            raise NotImplementedError("sparse=True is not supported in axon: the outputs are dense arrays.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, False

    def _convert_inputs(self, inputs):
        return inputs if isinstance(inputs, Tensor) else Tensor._wrap(_host(inputs))

    def call(self, inputs, count_weights=None):
        idx = _host(inputs)
        if idx.dtype.kind == "f":
            idx = idx.astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.num_tokens):
            raise ValueError(f"Layer '{self.name}' (CategoryEncoding): input values must be in the range "
                             f"0 <= values < num_tokens with num_tokens={self.num_tokens}. Received values in "
                             f"[{int(idx.min())}, {int(idx.max())}].")
        if count_weights is not None and self.output_mode != "count":
            raise ValueError("`count_weights` is not used when `output_mode` is not 'count'.")
        return Tensor._wrap(encode_counts(idx, self.num_tokens, self.output_mode, self.dtype,
                                          None if count_weights is None else _host(count_weights)))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "one_hot" and (len(input_shape) == 1 or input_shape[-1] != 1):
            return tuple(input_shape) + (self.num_tokens,)
        return (input_shape[0], self.num_tokens)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode}
