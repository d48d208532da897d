"""The losses a traced step can use: the textbook ``half_sse`` and ``sse``, or
any Keras loss, resolved to one function ``(y_true, y_pred) -> scalar Tensor``."""

from __future__ import annotations

from axon import backend as B
from axon import losses as losses_module
from axon import ops
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor

#: How each built-in textbook loss is written in a trace's table.
FORMULAS = {
    "half_sse": "L = sum 1/2 (y - y_hat)^2  (per sample; mean over the batch)",
    "sse": "L = sum (y - y_hat)^2  (per sample; mean over the batch)",
}


def half_sse(y_true, y_pred) -> Tensor:
    """Half the sum of squared errors per sample, averaged over the batch.

    ``L = (1/N) sum_n sum_k 1/2 (y_nk - y_hat_nk)^2``: the loss of the textbook
    backpropagation example, whose derivative is simply ``y_hat - y``. For two
    outputs it equals Keras's ``'mse'`` (the mean over the outputs of the squared error).
    """
    y_pred = as_tensor(y_pred)
    y_true = Tensor._wrap(B.xp.asarray(getattr(y_true, "data", y_true), dtype=y_pred.dtype))
    per_sample = ops.reduce_sum(0.5 * ops.square(y_true - y_pred), axis=-1)
    return ops.reduce_mean(per_sample)


def sse(y_true, y_pred) -> Tensor:
    """The sum of squared errors per sample, averaged over the batch: ``(1/N) sum_n sum_k (y - y_hat)^2``."""
    return 2.0 * half_sse(y_true, y_pred)


def resolve(loss, model=None):
    """``(function, name)`` for a loss given by name, object or callable.

    ``None`` takes the loss the model was compiled with, or ``'half_sse'`` for
    an uncompiled model. ``'half_sse'`` and ``'sse'`` are the textbook sums of
    squares; any other value goes through ``axon.losses.get`` (``'mse'``,
    ``'binary_crossentropy'``, a ``Loss`` object ...), and a per-sample result is
    averaged over the batch.

    Raises:
        ValueError: for a model compiled with one loss per output (several outputs).
    """
    if loss is None:
        loss = getattr(model, "loss", None) or "half_sse"
    if isinstance(loss, (dict, list, tuple)):
        raise ValueError(f"axon.explain works on models with one output and one loss. Received loss={loss!r}.")
    if isinstance(loss, str) and loss.lower() in ("half_sse", "sse"):
        name = loss.lower()
        return (half_sse if name == "half_sse" else sse), name
    fn = losses_module.get(loss)
    name = loss if isinstance(loss, str) else getattr(fn, "name", None) or getattr(fn, "__name__", "loss")

    def scalar_loss(y_true, y_pred) -> Tensor:
        value = fn(y_true, y_pred)
        return value if value.ndim == 0 else ops.reduce_mean(value)

    return scalar_loss, name
