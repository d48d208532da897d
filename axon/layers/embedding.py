"""``Embedding`` (integer ids to dense vectors) and ``Masking`` (skip padded steps).

Both make the mask Keras's sequence layers honour: a ``(batch, steps)`` boolean
array riding on the output (``compute_mask``), False at padded steps.
"""

from __future__ import annotations

from axon import backend as B
from axon import initializers, regularizers
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer
from axon.layers.rnn_cells import _constraint
from axon.ops.indexing import GatherRows


def _positive(name: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"`{name}` must be a positive int. Received: {name}={value!r}")
    return value


class Embedding(Layer):
    """Turn integer ids into dense vectors: ``output[..., :] = embeddings[ids]``.

    The gradient of a row adds up every position that used its id (repeated ids
    are summed by ``scatter_add_rows``, sort-and-reduce, without a Python loop).

    Args:
        input_dim: the vocabulary size (ids are in ``[0, input_dim)``).
        output_dim: the size of each vector.
        embeddings_initializer: how the table starts (Keras's ``'uniform'``: U(-0.05, 0.05)).
        embeddings_regularizer / embeddings_constraint: a penalty / a constraint on the table.
        mask_zero: treat id 0 as padding: the output carries a mask, False where the id is 0
            (so ``input_dim`` should count the padding id too).

    Example:
        >>> layer = axon.layers.Embedding(1000, 64, mask_zero=True)
        >>> layer(np.array([[4, 20, 0]])).shape
        (1, 3, 64)
    """

    _autocast = False  # ids stay integers

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero: bool = False,
                 weights=None, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = _positive("input_dim", input_dim)
        self.output_dim = _positive("output_dim", output_dim)
        init = embeddings_initializer
        self.embeddings_initializer = initializers.get(
            initializers.RandomUniform(-0.05, 0.05) if init == "uniform" else init)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = _constraint(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.input_length = input_length
        self._initial_weights = weights

    def build(self, input_shape=None) -> None:
        self.embeddings = self.add_weight("embeddings", (self.input_dim, self.output_dim),
                                          self.embeddings_initializer, self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None
        self.built = True

    def _convert_inputs(self, inputs):
        return self._convert_one(inputs)  # a list is one batch of id sequences, not several inputs

    def _convert_one(self, x) -> Tensor:
        if isinstance(x, Tensor):
            ids = x.data
        else:
            try:
                ids = B.xp.asarray(x)
            except ValueError:
                raise ValueError(
                    f"Layer '{self.name}' (Embedding) received sequences of different lengths. Pad them to one "
                    "length first, e.g. with keras.utils.pad_sequences(sequences, padding='post').") from None
        if ids.dtype.kind == "f":
            ids = ids.astype("int64")
        elif ids.dtype.kind not in "iu":
            raise TypeError(f"Layer '{self.name}' (Embedding) expects integer ids. Received dtype={ids.dtype}.")
        return Tensor._wrap(ids)

    def call(self, inputs):
        ids = inputs.data
        if ids.size:
            low, high = int(ids.min()), int(ids.max())
            if low < 0 or high >= self.input_dim:
                bad = low if low < 0 else high
                raise ValueError(
                    f"Layer '{self.name}' (Embedding): id {bad} is out of range: ids must be in [0, input_dim) = "
                    f"[0, {self.input_dim}). Raise input_dim to cover the vocabulary (plus padding and "
                    "out-of-vocabulary ids), or map unknown tokens to a known id.")
        return GatherRows.apply(self.embeddings, rows=ids)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        ids = inputs.data if isinstance(inputs, Tensor) else B.xp.asarray(inputs)
        return ids != 0

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self) -> dict:
        config = {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                  "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                  "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
                  "mask_zero": self.mask_zero}
        if self.input_length is not None:
            config["input_length"] = self.input_length
        return config


class Masking(Layer):
    """Mark steps whose features all equal ``mask_value`` as padding.

    The output is the input with those steps zeroed; it carries the mask
    ``any(inputs != mask_value, axis=-1)`` for the layers after it.

    Example:
        >>> x = np.array([[[1.0], [0.0], [2.0]]], "float32")
        >>> axon.layers.Masking(0.0)(x)._keras_mask
        array([[ True, False,  True]])
    """

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def call(self, inputs):
        keep = (inputs.data != self.mask_value).any(axis=-1, keepdims=True)
        return inputs * Tensor._wrap(keep.astype(inputs.dtype))

    def compute_mask(self, inputs, mask=None):
        return (inputs.data != self.mask_value).any(axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
