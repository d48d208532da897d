"""Cross-entropy losses: binary, categorical and sparse categorical.

Two paths, as in Keras:

* From logits (``from_logits=True``): the fused ops of ``axon/ops/crossentropy.py``,
  exact and finite for logits of any size.
* From probabilities (``from_logits=False``): probabilities are clipped to
  ``[EPSILON, 1 - EPSILON]`` (``EPSILON = 1e-7``) before the log, so a
  prediction of exactly 0 or 1 costs at most ``-log(1e-7) ~= 16.1``; categorical
  rows are first rescaled to sum to 1.

When the probabilities come straight from a ``sigmoid``/``softmax`` op recorded
in the graph (a model whose last layer has that activation, while training),
the loss reads the logits behind the op and takes the fused path instead, as
tf.keras does: the loss keeps its true size and its gradient never vanishes in
a saturated output. Under ``no_grad`` no op is recorded, so the clipped formula
is used there.
"""

from __future__ import annotations

import warnings

from axon import ops
from axon.autograd.tensor import Tensor
from axon.losses.base import LossFunctionWrapper, as_prediction, cast_like, squeeze_or_expand_to_same_rank
from axon.ops.activation import Sigmoid, Softmax
from axon.ops.broadcast import as_tensor

EPSILON = 1e-7


def _logits_behind(y_pred: Tensor, op_type: type, axis: int = -1) -> Tensor | None:
    """The input of the ``op_type`` op that produced ``y_pred`` (its logits), or None."""
    op = y_pred._op
    if type(op) is not op_type or op.inputs is None:
        return None
    if op_type is Softmax and op.axis % y_pred.ndim != axis % y_pred.ndim:
        return None
    return op.inputs[0]


def _resolve_logits(y_pred: Tensor, from_logits: bool, op_type: type, fn_name: str, axis: int = -1):
    """``(tensor, from_logits)`` to compute with: the logits behind an activation when there are some."""
    logits = _logits_behind(y_pred, op_type, axis)
    if logits is None:
        return y_pred, from_logits
    if from_logits:
        warnings.warn(f"`{fn_name}` received `from_logits=True`, but `y_pred` was produced by a "
                      f"{op_type.__name__.lower()} activation and so does not hold logits. Remove the activation "
                      "from the last layer, or pass from_logits=False.", stacklevel=4)
        return y_pred, True
    return logits, True


def _check_same_shape(fn_name: str, y_true: Tensor, y_pred: Tensor, hint: str = "") -> None:
    if y_true.shape != y_pred.shape:
        raise ValueError(f"`{fn_name}`: `y_true` and `y_pred` must have the same shape. Received: "
                         f"y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}.{hint}")


def binary_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0,
                        axis: int = -1) -> Tensor:
    """Binary cross-entropy per sample, the mean over ``axis`` of
    ``-(y * log(p) + (1 - y) * log(1 - p))`` with ``p = sigmoid(y_pred)`` when
    ``from_logits`` else ``p = clip(y_pred, 1e-7, 1 - 1e-7)``.

    Args:
        y_true: labels in [0, 1], shaped like ``y_pred``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + 0.5 * s``.

    Example:
        >>> axon.losses.binary_crossentropy([[1.0]], axon.tensor([[0.0]]), from_logits=True).numpy()
        array([0.6931472], dtype=float32)
    """
    y_pred = as_prediction(y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(cast_like(y_true, y_pred), y_pred)
    _check_same_shape("binary_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    z, from_logits = _resolve_logits(y_pred, from_logits, Sigmoid, "binary_crossentropy")
    if from_logits:
        elementwise = ops.sigmoid_cross_entropy_with_logits(labels=y_true, logits=z)
    else:
        p = ops.clip_by_value(z, EPSILON, 1.0 - EPSILON)
        elementwise = -(y_true * ops.log(p) + (1.0 - y_true) * ops.log(1.0 - p))
    return ops.reduce_mean(elementwise, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0,
                             axis: int = -1) -> Tensor:
    """Categorical cross-entropy per sample, ``-sum(y * log(p), axis)``, with
    ``p = softmax(y_pred)`` when ``from_logits``, else ``y_pred`` rescaled to sum
    to 1 along ``axis`` and clipped to ``[1e-7, 1 - 1e-7]``.

    Args:
        y_true: one-hot (or probability) rows, shaped like ``y_pred``. For
            integer class ids use ``sparse_categorical_crossentropy``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + s / num_classes``.

    Example:
        >>> axon.losses.categorical_crossentropy([[0, 1]], axon.tensor([[0.5, 0.5]])).numpy()
        array([0.6931472], dtype=float32)
    """
    y_pred = as_prediction(y_pred)
    y_true = cast_like(y_true, y_pred)
    _check_same_shape("categorical_crossentropy", y_true, y_pred,
                      " For integer class labels use sparse_categorical_crossentropy."
                      if y_true.ndim < y_pred.ndim or (y_true.shape and y_true.shape[-1] == 1) else "")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_pred.shape[axis]
    z, from_logits = _resolve_logits(y_pred, from_logits, Softmax, "categorical_crossentropy", axis)
    if from_logits:
        return ops.softmax_cross_entropy_with_logits(y_true, z, axis=axis)
    p = z / ops.reduce_sum(z, axis=axis, keepdims=True)
    p = ops.clip_by_value(p, EPSILON, 1.0 - EPSILON)
    return -ops.reduce_sum(y_true * ops.log(p), axis=axis)


def _sparse_labels(y_true, y_pred: Tensor):
    """Integer class ids as a raw array shaped like ``y_pred`` without its class axis."""
    labels = as_tensor(y_true).data
    if labels.ndim == y_pred.ndim and labels.ndim and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if labels.shape != y_pred.shape[:-1]:
        hint = " For one-hot labels use categorical_crossentropy." if labels.shape == y_pred.shape else ""
        raise ValueError(f"`sparse_categorical_crossentropy`: `y_true` must hold one class id per sample, of shape "
                         f"{tuple(y_pred.shape[:-1])} for `y_pred` of shape {tuple(y_pred.shape)}. Received: "
                         f"y_true.shape={tuple(as_tensor(y_true).shape)}.{hint}")
    return labels


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False, ignore_class: int | None = None,
                                    axis: int = -1) -> Tensor:
    """Categorical cross-entropy with integer class ids: ``-log(p[y])`` per sample.

    Args:
        y_true: class ids, shape ``(N,)`` or ``(N, 1)``, integer or float.
        y_pred: probabilities ``(N, num_classes)``, or logits with ``from_logits=True``.
        ignore_class: a label value whose samples get loss 0 (e.g. padding).
        axis: the class axis; only the last axis is supported.

    Raises:
        ValueError: for a label outside ``[0, num_classes)``.

    Example:
        >>> axon.losses.sparse_categorical_crossentropy([1], axon.tensor([[0.5, 0.5]])).numpy()
        array([0.6931472], dtype=float32)
    """
    y_pred = as_prediction(y_pred)
    if axis % max(y_pred.ndim, 1) != y_pred.ndim - 1:
        raise ValueError(f"`sparse_categorical_crossentropy` supports only the last axis as class axis. "
                         f"Received: axis={axis} for y_pred of rank {y_pred.ndim}.")
    labels = _sparse_labels(y_true, y_pred)
    valid = None
    if ignore_class is not None:
        valid = labels != ignore_class
        labels = labels * valid  # ignored entries point at class 0; their loss is zeroed below
    z, from_logits = _resolve_logits(y_pred, from_logits, Softmax, "sparse_categorical_crossentropy")
    if not from_logits:
        # softmax of log(p) is p / sum(p): this both renormalises and takes -log(p[y])
        z = ops.log(ops.clip_by_value(z, EPSILON, 1.0 - EPSILON))
    out = ops.sparse_softmax_cross_entropy_with_logits(labels, z)
    if valid is not None:
        out = out * Tensor._wrap(valid.astype(out.dtype))
    return out


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy (see ``binary_crossentropy``), for 0/1 labels and
    one sigmoid output per label.

    Args:
        from_logits: whether ``y_pred`` holds logits (no sigmoid applied).
        label_smoothing: in [0, 1]; pulls labels towards 0.5.
        axis: the axis the per-sample mean is taken over.
        reduction: ``'sum_over_batch_size'`` (default), ``'sum'`` or ``'none'``.

    Example:
        >>> bce = axon.losses.BinaryCrossentropy(from_logits=True)
        >>> bce(np.array([[1.0], [0.0]]), axon.tensor([[0.0], [0.0]])).item()  # log 2
        0.6931...
    """

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size", name: str = "binary_crossentropy", dtype=None):
        _check_smoothing(label_smoothing)
        super().__init__(binary_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), label_smoothing=float(label_smoothing), axis=int(axis))
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), int(axis)


class CategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy (see ``categorical_crossentropy``), for one-hot
    labels and a softmax output.

    Args:
        from_logits: whether ``y_pred`` holds logits (no softmax applied).
        label_smoothing: in [0, 1]; mixes the labels with the uniform distribution.
        axis: the class axis.
        reduction: ``'sum_over_batch_size'`` (default), ``'sum'`` or ``'none'``.
    """

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size", name: str = "categorical_crossentropy", dtype=None):
        _check_smoothing(label_smoothing)
        super().__init__(categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), label_smoothing=float(label_smoothing), axis=int(axis))
        self.from_logits, self.label_smoothing, self.axis = bool(from_logits), float(label_smoothing), int(axis)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy for integer class ids (see
    ``sparse_categorical_crossentropy``).

    Args:
        from_logits: whether ``y_pred`` holds logits (no softmax applied).
        ignore_class: a label value to leave out: those samples count neither in
            the sum nor in the batch size of the mean.
        reduction: ``'sum_over_batch_size'`` (default), ``'sum'`` or ``'none'``.

    Example:
        >>> scce = axon.losses.SparseCategoricalCrossentropy(from_logits=True)
        >>> scce(np.array([0, 2]), axon.tensor([[2.0, 1.0, 0.1], [0.5, 0.2, 3.0]])).item()
        0.2752...
    """

    def __init__(self, from_logits: bool = False, ignore_class: int | None = None,
                 reduction: str | None = "sum_over_batch_size", name: str = "sparse_categorical_crossentropy",
                 dtype=None):
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=bool(from_logits), ignore_class=ignore_class)
        self.from_logits, self.ignore_class = bool(from_logits), ignore_class

    def compute_mask(self, y_true: Tensor, values: Tensor):
        if self.ignore_class is None:
            return None
        labels = y_true.data
        if labels.ndim == values.ndim + 1 and labels.shape[-1] == 1:
            labels = labels.reshape(labels.shape[:-1])
        return labels != self.ignore_class


def _check_smoothing(label_smoothing) -> None:
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"`label_smoothing` must be in [0, 1]. Received: label_smoothing={label_smoothing!r}")
