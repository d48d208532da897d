"""Attention layers: ``MultiHeadAttention``, ``Attention`` (dot product, Luong) and
``AdditiveAttention`` (Bahdanau), with Keras's weights, masks and outputs.

Masks follow Keras: the query's and value's masks (riding on the inputs, or
passed) and ``attention_mask`` are ANDed into a ``(batch, Tq, Tv)`` mask; masked
scores become -1e9 before the softmax (in ``MultiHeadAttention`` masked
probabilities are then zeroed, so a fully masked row attends to nothing).
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon import initializers, ops, regularizers
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer
from axon.layers.rnn_cells import _constraint
from axon.ops.affine import affine
from axon.ops.dropout import check_rate, keep_mask

_LARGE_NEGATIVE = -1e9


def _as_tensor(x, dtype) -> Tensor:
    if isinstance(x, Tensor):
        return x if x.dtype == dtype else ops.cast(x, dtype)
    return Tensor._wrap(B.xp.asarray(x, dtype=dtype))


def _mask_array(mask):
    if mask is None:
        return None
    return B.xp.asarray(mask.data if isinstance(mask, Tensor) else mask).astype(bool, copy=False)


def _causal(tq: int, tv: int):
    return B.xp.tril(B.xp.ones((tq, tv), dtype=bool))


def _dropout(weights: Tensor, rate: float, training, generator) -> Tensor:
    if not training or not rate:
        return weights
    return weights * Tensor._wrap(keep_mask(weights.shape, rate, weights.dtype, generator))


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017) with Keras's weights and arguments.

    ``softmax(Q K^T / sqrt(key_dim)) V`` per head, where ``Q, K, V`` are the query,
    key and value projected by ``(dim, num_heads, key_dim)`` kernels (``value_dim`` for
    V), and the heads' outputs are projected back by a ``(num_heads, value_dim, out)``
    kernel (``out`` = the query's last axis, or ``output_shape``).

    Args:
        num_heads, key_dim: the number of heads and the size of each query/key head.
        value_dim: the size of each value head (default ``key_dim``).
        dropout: dropout rate on the attention probabilities (training only).
        use_bias: biases on the four projections.
        output_shape: the last axis of the output (default: the query's).
        attention_axes: the axes attention runs over (default: every axis between
            batch and features); the others are independent like the batch.
        kernel/bias initializer, regularizer, constraint: for the four projections.

    Call: ``mha(query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
    attention_mask=None, return_attention_scores=False, training=None, use_causal_mask=False)``.
    ``attention_mask`` is ``(batch, Tq, Tv)`` booleans, True where a query may attend.
    With ``return_attention_scores`` the call returns ``(output, scores)``, scores
    ``(batch, num_heads, Tq, Tv)``.

    Example:
        >>> mha = axon.layers.MultiHeadAttention(num_heads=2, key_dim=16)
        >>> mha(np.zeros((4, 10, 32), "float32"), np.zeros((4, 6, 32), "float32")).shape
        (4, 10, 32)
    """

    supports_masking = True

    def __init__(self, num_heads: int, key_dim: int, value_dim: int | None = None, dropout: float = 0.0,
                 use_bias: bool = True, output_shape=None, attention_axes=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, seed=None,
                 flash_attention=None, sliding_window=None, use_gate=False, **kwargs):
        for name, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Received an invalid value for argument `{name}`, expected a positive integer. "
                                 f"Received: {name}={value!r}")
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError(f"Received an invalid value for argument `value_dim`, expected a positive integer or "
                             f"None. Received: value_dim={value_dim!r}")
        for name, value, default in (("sliding_window", sliding_window, None), ("use_gate", use_gate, False),
                                     ("flash_attention", flash_attention, None)):
            if value not in (default, False):
                raise NotImplementedError(f"MultiHeadAttention: `{name}` is not supported in axon. Received: "
                                          f"{name}={value!r}; leave it at its default.")
        super().__init__(**kwargs)
        self.num_heads, self.key_dim = num_heads, key_dim
        self.value_dim = value_dim or key_dim
        self.dropout = check_rate(dropout)
        self.use_bias = bool(use_bias)
        if output_shape is not None and not isinstance(output_shape, int):
            output_shape = tuple(output_shape)
            if len(output_shape) != 1:
                raise NotImplementedError("MultiHeadAttention: `output_shape` must be an int or a 1-tuple in axon. "
                                          f"Received: output_shape={output_shape}")
            output_shape = output_shape[0]
        self.out_dim = output_shape
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(f"`attention_axes` must be an int, list, or tuple. Received: "
                             f"attention_axes={attention_axes!r}")
        self.attention_axes = None if attention_axes is None else tuple(attention_axes)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = _constraint(kernel_constraint)
        self.bias_constraint = _constraint(bias_constraint)
        self.seed = seed
        self._generator = None if seed is None else B.generator(seed)

    def _projection(self, name, shape, bias_shape):
        kernel = self.add_weight(f"{name}/kernel", shape, self.kernel_initializer, self.kernel_regularizer,
                                 constraint=self.kernel_constraint)
        bias = self.add_weight(f"{name}/bias", bias_shape, self.bias_initializer, self.bias_regularizer,
                               constraint=self.bias_constraint) if self.use_bias else None
        return kernel, bias

    def build(self, query_shape, value_shape=None, key_shape=None) -> None:
        if isinstance(query_shape, list) and query_shape and isinstance(query_shape[0], (list, tuple)):
            query_shape, value_shape = query_shape[0], query_shape[1]
        value_shape = value_shape or query_shape
        key_shape = key_shape or value_shape
        h, dk, dv = self.num_heads, self.key_dim, self.value_dim
        out = self.out_dim or query_shape[-1]
        self.query_kernel, self.query_bias = self._projection("query", (query_shape[-1], h, dk), (h, dk))
        self.key_kernel, self.key_bias = self._projection("key", (key_shape[-1], h, dk), (h, dk))
        self.value_kernel, self.value_bias = self._projection("value", (value_shape[-1], h, dv), (h, dv))
        self.output_kernel, self.output_bias = self._projection("attention_output", (h, dv, out), (out,))
        self._query_rank = len(query_shape)
        self.built = True

    def __call__(self, query, value=None, key=None, **kwargs):
        if value is None and isinstance(query, (list, tuple)) and len(query) in (2, 3):
            query, value, key = query[0], query[1], (query[2] if len(query) > 2 else None)
        if value is None:
            raise ValueError(f"Layer '{self.name}' (MultiHeadAttention) needs `query` and `value` "
                             "(call it as mha(query, value)).")
        from axon.layers.input_layer import KerasTensor
        if isinstance(query, KerasTensor) or isinstance(value, KerasTensor):
            inputs = [query, value] + ([key] if key is not None else [])
            self._symbolic_scores = bool(kwargs.get("return_attention_scores"))  # two outputs in the graph
            try:
                return super().__call__(inputs, **kwargs)
            finally:
                self._symbolic_scores = False
        if not self.built:
            self._build_shape = tuple(np.shape(query))
            self.build((None,) + tuple(np.shape(query))[1:], (None,) + tuple(np.shape(value))[1:],
                       None if key is None else (None,) + tuple(np.shape(key))[1:])
        return super().__call__(query, value, key, **kwargs)

    def _build_from(self, shapes) -> None:
        if isinstance(shapes, list):  # symbolic call on [query, value, (key)]
            self._build_shape = [(None,) + tuple(s[1:]) for s in shapes]
            self.build(*self._build_shape)
        else:
            super()._build_from(shapes)

    def call(self, query, value=None, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None, use_causal_mask=False):
        dtype = self.dtype
        q_in = _as_tensor(query, dtype)
        v_in = _as_tensor(value, dtype)
        k_in = v_in if key is None else _as_tensor(key, dtype)
        query_mask = _mask_array(query_mask if query_mask is not None else getattr(query, "_keras_mask", None))
        value_mask = _mask_array(value_mask if value_mask is not None else getattr(value, "_keras_mask", None))
        key_mask = _mask_array(key_mask if key_mask is not None else getattr(key, "_keras_mask", None))
        h, dk, dv = self.num_heads, self.key_dim, self.value_dim
        q = affine(q_in, ops.reshape(self.query_kernel, (q_in.shape[-1], h * dk)),
                   None if self.query_bias is None else ops.reshape(self.query_bias, (h * dk,)))
        k = affine(k_in, ops.reshape(self.key_kernel, (k_in.shape[-1], h * dk)),
                   None if self.key_bias is None else ops.reshape(self.key_bias, (h * dk,)))
        v = affine(v_in, ops.reshape(self.value_kernel, (v_in.shape[-1], h * dv)),
                   None if self.value_bias is None else ops.reshape(self.value_bias, (h * dv,)))
        q, q_layout = self._heads(q, dk)
        k, _ = self._heads(k, dk)
        v, _ = self._heads(v, dv)
        tq, tv = q.shape[2], k.shape[2]
        mask = self._attention_mask(q_in, query_mask, value_mask, key_mask, attention_mask, use_causal_mask, tq, tv)
        scores = ops.matmul(q * (1.0 / math.sqrt(dk)), k, transpose_b=True)  # (B', H, Tq, Tv)
        if mask is not None:
            scores = ops.where(mask, scores, _LARGE_NEGATIVE)
        probs = ops.softmax(scores, axis=-1)
        if mask is not None:  # a query row with nothing to attend to gets zeros, not a uniform average (Keras 3)
            probs = ops.where(mask, probs, 0.0)
        attended = ops.matmul(_dropout(probs, self.dropout, training, self._generator), v)  # (B', H, Tq, dv)
        out = self._merge_heads(attended, q_layout)
        out = affine(out, ops.reshape(self.output_kernel, (h * dv, self.output_kernel.shape[-1])), self.output_bias)
        self._regularize_activity(out)
        if return_attention_scores:
            return out, self._scores_layout(probs, q_layout, k_in)
        return out

    # ------------------------------------------------------------ layouts
    def _axes(self, rank: int):
        inner = tuple(range(1, rank - 1))
        if self.attention_axes is None:
            return inner, ()
        attn = tuple(sorted(a % rank for a in self.attention_axes))
        if any(a not in inner for a in attn):
            raise ValueError(f"Layer '{self.name}': `attention_axes` {self.attention_axes} must name axes between "
                             f"the batch axis and the feature axis of an input of rank {rank}.")
        return attn, tuple(a for a in inner if a not in attn)

    def _heads(self, x: Tensor, size: int):
        """``(B, *axes, H*size)`` -> ``(B*others, H, T, size)``, T the attention axes flattened."""
        rank = x.ndim
        attn, others = self._axes(rank)
        shape = x.shape
        x = ops.reshape(x, shape[:-1] + (self.num_heads, size))
        perm = (0,) + others + (rank - 1,) + attn + (rank,)
        x = ops.transpose(x, perm)
        n_other = int(np.prod([shape[a] for a in others], dtype=np.int64)) if others else 1
        t = int(np.prod([shape[a] for a in attn], dtype=np.int64))
        layout = (shape, attn, others, perm)
        return ops.reshape(x, (shape[0] * n_other, self.num_heads, t, size)), layout

    def _merge_heads(self, x: Tensor, layout) -> Tensor:
        shape, attn, others, perm = layout
        dv = x.shape[-1]
        x = ops.reshape(x, (shape[0],) + tuple(shape[a] for a in others) + (self.num_heads,)
                        + tuple(shape[a] for a in attn) + (dv,))
        x = ops.transpose(x, tuple(np.argsort(perm)))
        return ops.reshape(x, shape[:-1] + (self.num_heads * dv,))

    def _scores_layout(self, probs: Tensor, layout, key: Tensor) -> Tensor:
        shape, attn, others, _ = layout
        k_attn, _ = self._axes(key.ndim)
        return ops.reshape(probs, (shape[0],) + tuple(shape[a] for a in others) + (self.num_heads,)
                           + tuple(shape[a] for a in attn) + tuple(key.shape[a] for a in k_attn))

    def _attention_mask(self, query, query_mask, value_mask, key_mask, attention_mask, causal, tq, tv):
        default_axes = self._axes(query.ndim)[1] == () and query.ndim == 3
        mask = None
        if query_mask is not None:
            mask = query_mask[:, :, None]
        for m in (value_mask, key_mask):
            if m is not None:
                mask = m[:, None, :] if mask is None else mask & m[:, None, :]
        if causal:
            c = _causal(tq, tv)[None]
            mask = c if mask is None else mask & c
        if attention_mask is not None:
            a = _mask_array(attention_mask)
            mask = a if mask is None else a & mask
        if mask is None:
            return None
        if not default_axes:
            raise NotImplementedError(f"Layer '{self.name}': masks are supported for inputs of shape (batch, steps, "
                                      "features) with the default attention_axes.")
        batch = query.shape[0]
        if mask.ndim != 3 or mask.shape[0] not in (1, batch) or mask.shape[1] not in (1, tq) \
                or mask.shape[2] not in (1, tv):
            raise ValueError(f"Layer '{self.name}': the attention mask must broadcast to (batch, Tq, Tv) = "
                             f"({batch}, {tq}, {tv}). Received a mask of shape {tuple(mask.shape)}.")
        return mask[:, None]  # one mask for every head

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        if isinstance(query_shape, list) and query_shape and isinstance(query_shape[0], (list, tuple)):
            query_shape, value_shape = query_shape[0], query_shape[1]
        out = tuple(query_shape[:-1]) + (self.out_dim or query_shape[-1],)
        if not getattr(self, "_symbolic_scores", False):
            return out
        value_shape = value_shape or query_shape
        attn, others = self._axes(len(query_shape))
        v_attn, _ = self._axes(len(value_shape))
        scores = (query_shape[0],) + tuple(query_shape[a] for a in others) + (self.num_heads,) \
            + tuple(query_shape[a] for a in attn) + tuple(value_shape[a] for a in v_attn)
        return [out, scores]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            return mask[0]
        return mask

    def get_config(self) -> dict:
        return {
            **super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
            "value_dim": self.value_dim, "dropout": self.dropout, "use_bias": self.use_bias,
            "output_shape": self.out_dim, "attention_axes": self.attention_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer), "seed": self.seed,
        }


class Attention(Layer):
    """Dot-product attention (Luong): ``softmax(Q K^T) V`` over ``[query, value, (key)]``.

    Args:
        use_scale: learn a scalar the scores are multiplied by.
        score_mode: ``'dot'`` (``Q K^T``) or ``'concat'`` (``sum(tanh(Q + K))`` per pair).
        dropout: dropout on the attention probabilities (training only).

    Call: ``layer([query, value, key], mask=[query_mask, value_mask],
    return_attention_scores=False, use_causal_mask=False, training=None)``; the
    output is zero at masked query steps and carries the query's mask.

    Example:
        >>> out = axon.layers.Attention()([query, value])     # (batch, Tq, dim)
    """

    supports_masking = True
    _score_modes = ("dot", "concat")

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        if score_mode not in self._score_modes:
            raise ValueError(f"Invalid value for argument score_mode. Expected one of {list(self._score_modes)}. "
                             f"Received: score_mode={score_mode!r}")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = check_rate(dropout)
        self.seed = seed
        self._generator = None if seed is None else B.generator(seed)

    def _check(self, shapes):
        if not isinstance(shapes, list) or len(shapes) not in (2, 3):
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}) must be called on a list of 2 or 3 "
                             "tensors [query, value, (key)].")

    def build(self, input_shape) -> None:
        self._check(input_shape)
        self.scale = self.add_weight("scale", (), "ones") if self.use_scale else None
        self.concat_score_weight = self.add_weight("concat_score_weight", (), "ones") \
            if self.score_mode == "concat" else None
        self.built = True

    def _scores(self, q, k):
        if self.score_mode == "dot":
            scores = ops.matmul(q, k, transpose_b=True)
            return scores * self.scale if self.scale is not None else scores
        pairs = ops.expand_dims(q, -2) + ops.expand_dims(k, -3)
        if self.scale is not None:
            pairs = pairs * self.scale
        return ops.reduce_sum(ops.tanh(pairs), axis=-1) * self.concat_score_weight

    def call(self, inputs, mask=None, training=None, return_attention_scores=False, use_causal_mask=False):
        self._check([tuple(x.shape) for x in inputs] if isinstance(inputs, list) else inputs)
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        q_mask = _mask_array(mask[0]) if mask else None
        v_mask = _mask_array(mask[1]) if mask and len(mask) > 1 else None
        scores = self._scores(q, k)
        keep = None if v_mask is None else v_mask[:, None, :]
        if use_causal_mask:
            c = _causal(scores.shape[-2], scores.shape[-1])[None]
            keep = c if keep is None else keep & c
        if keep is not None:
            scores = ops.where(keep, scores, scores - 1e9)
        weights = ops.softmax(scores, axis=-1)
        out = ops.matmul(_dropout(weights, self.dropout, training, self._generator), v)
        if q_mask is not None:
            out = out * Tensor._wrap(q_mask[:, :, None].astype(out.dtype))
        return (out, weights) if return_attention_scores else out

    def compute_mask(self, inputs, mask=None):
        if not mask or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0][:-1]) + (input_shape[1][-1],)

    def get_config(self) -> dict:
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    """Additive attention (Bahdanau): scores ``sum(scale * tanh(Q + K), axis=-1)`` per pair.

    Args:
        use_scale: learn a ``(dim,)`` scale vector (default True; else the plain sum).
        dropout: dropout on the attention probabilities (training only).

    Example:
        >>> out = axon.layers.AdditiveAttention()([query, value])
    """

    _score_modes = ("dot",)

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs):
        kwargs.pop("score_mode", None)
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape) -> None:
        self._check(input_shape)
        dim = input_shape[0][-1]
        self.scale = self.add_weight("scale", (dim,), "glorot_uniform") if self.use_scale else None
        self.concat_score_weight = None
        self.built = True

    def _scores(self, q, k):
        pairs = ops.tanh(ops.expand_dims(q, -2) + ops.expand_dims(k, -3))
        if self.scale is not None:
            pairs = pairs * self.scale
        return ops.reduce_sum(pairs, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
