"""Fused, numerically stable cross-entropies from logits.

Each computes the loss per sample straight from the logits (never through a
probability that could round to 0 or 1), and its backward is the short closed
form, e.g. ``softmax(z) - y`` for softmax cross-entropy.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.activation import log_softmax_array, stable_sigmoid
from axon.ops.broadcast import as_tensor, constant_like


class SoftmaxCrossEntropy(Op):
    def forward(self, labels, logits, axis):
        self.labels, self.axis = labels, axis
        self.log_p = log_softmax_array(logits, axis)
        return -(labels * self.log_p).sum(axis=axis)

    def backward(self, grad):
        g = np.expand_dims(grad, self.axis)
        glabels = -g * self.log_p if self.needs_grad[0] else None
        glogits = None
        if self.needs_grad[1]:
            total = self.labels.sum(axis=self.axis, keepdims=True)
            glogits = g * (np.exp(self.log_p) * total - self.labels)
        return glabels, glogits

    def backward_graph(self, grad):
        from axon.ops.activation import log_softmax
        from axon.ops.elementwise import exp
        from axon.ops.shape import expand_dims

        labels, logits = self.inputs
        g = expand_dims(grad, self.axis)
        log_p = log_softmax(logits, self.axis)
        glabels = -g * log_p if self.needs_grad[0] else None
        glogits = None
        if self.needs_grad[1]:
            glogits = g * (exp(log_p) * labels.sum(axis=self.axis, keepdims=True) - labels)
        return glabels, glogits


class SparseSoftmaxCrossEntropy(Op):
    # Rows and labels are flattened to 2-D and 1-D, so that picking each row's label
    # is one fancy index (take_along_axis builds its index grids on every call).
    def forward(self, labels, logits):
        # C order, so that the flat views below are views (on a transposed input they would be
        # copies, and the backward's write into one would be lost).
        self.log_p = B.xp.ascontiguousarray(log_softmax_array(logits, -1))
        self.rows = B.xp.arange(labels.size)
        self.labels = labels.reshape(-1)
        return -self.log_p.reshape(-1, logits.shape[-1])[self.rows, self.labels].reshape(labels.shape)

    def backward(self, grad):
        p = np.exp(self.log_p)
        p.reshape(-1, p.shape[-1])[self.rows, self.labels] -= 1
        p *= grad[..., None]
        return None, p

    def backward_graph(self, grad):
        from axon.ops.activation import softmax
        from axon.ops.shape import expand_dims

        logits = self.inputs[1]
        onehot = np.zeros(logits.shape, dtype=logits.dtype)
        onehot.reshape(-1, logits.shape[-1])[self.rows, self.labels] = 1
        return None, (softmax(logits, -1) - constant_like(onehot, logits)) * expand_dims(grad, -1)


class SigmoidCrossEntropy(Op):
    def forward(self, labels, logits):
        self.labels, self.logits = labels, logits
        # max(z, 0) - z*y + log(1 + e^-|z|): the standard overflow-free form
        return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))

    def backward(self, grad):
        glabels = -grad * self.logits if self.needs_grad[0] else None
        glogits = grad * (stable_sigmoid(self.logits) - self.labels) if self.needs_grad[1] else None
        return glabels, glogits

    def backward_graph(self, grad):
        from axon.ops.activation import sigmoid

        labels, logits = self.inputs
        glabels = -grad * logits if self.needs_grad[0] else None
        glogits = grad * (sigmoid(logits) - labels) if self.needs_grad[1] else None
        return glabels, glogits


def softmax_cross_entropy_with_logits(labels, logits, axis: int = -1) -> Tensor:
    """Per-sample ``-sum(labels * log_softmax(logits))`` along ``axis``.

    ``labels`` are probability rows (e.g. one-hot), shaped like ``logits``.
    """
    logits = as_tensor(logits)
    labels = as_tensor(labels, logits)
    if labels.shape != logits.shape:
        raise ValueError(
            f"softmax_cross_entropy_with_logits: labels of shape {labels.shape} must match logits of "
            f"shape {logits.shape}. For integer class labels use sparse_softmax_cross_entropy_with_logits."
        )
    if labels.dtype != logits.dtype:
        labels = Tensor._wrap(labels.data.astype(logits.dtype))
    return SoftmaxCrossEntropy.apply(labels, logits, axis=int(axis))


def sparse_softmax_cross_entropy_with_logits(labels, logits) -> Tensor:
    """Per-sample cross-entropy of integer class ``labels`` against ``logits``.

    Raises:
        ValueError: if a label is outside ``[0, num_classes)``.
    """
    logits = as_tensor(logits)
    raw = as_tensor(labels).data
    if raw.dtype.kind == "f":
        if not (raw == np.round(raw)).all():
            raise ValueError("sparse_softmax_cross_entropy_with_logits: labels must be integer class ids.")
    raw = raw.astype(np.int64, copy=False)
    if raw.shape != logits.shape[:-1]:
        raise ValueError(
            f"sparse_softmax_cross_entropy_with_logits: labels of shape {raw.shape} must match the logits "
            f"shape {logits.shape} without its last (class) axis, i.e. {logits.shape[:-1]}."
        )
    classes = logits.shape[-1]
    if raw.size and (raw.min() < 0 or raw.max() >= classes):
        bad = int(raw.min()) if raw.min() < 0 else int(raw.max())
        raise ValueError(
            f"Received a label value of {bad} which is outside the valid range of [0, {classes - 1}] "
            f"for {classes} classes. Check the labels, or give the last layer more units."
        )
    return SparseSoftmaxCrossEntropy.apply(Tensor._wrap(B.xp.asarray(raw)), logits)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None) -> Tensor:
    """Elementwise binary cross-entropy of ``labels`` in [0, 1] against ``logits``."""
    logits = as_tensor(logits)
    labels = as_tensor(labels, logits)
    if labels.shape != logits.shape:
        raise ValueError(f"sigmoid_cross_entropy_with_logits: labels of shape {labels.shape} must match "
                         f"logits of shape {logits.shape}.")
    if labels.dtype != logits.dtype:
        labels = Tensor._wrap(labels.data.astype(logits.dtype))
    return SigmoidCrossEntropy.apply(labels, logits)
