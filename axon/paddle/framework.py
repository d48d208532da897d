"""Paddle's process settings and autodiff entry points: ``seed``, the default dtype,
``no_grad`` / ``enable_grad``, ``paddle.grad``, and the dygraph mode switches."""

from __future__ import annotations

import threading

import numpy as np

from axon import backend as B
from axon.autograd.op import enable_grad as _enable_grad
from axon.autograd.op import is_grad_enabled as _is_grad_enabled
from axon.autograd.op import no_grad as _no_grad

_settings = threading.local()


def seed(seed: int):
    """Seed every random choice: parameter initialisation, dropout, shuffling, ``paddle.rand``.

    Example:
        >>> paddle.seed(0)      # two runs now give the same model and the same batches
    """
    B.set_seed(int(seed))
    return B.rng()


def get_default_dtype() -> str:
    """The float type new float tensors and parameters get (``'float32'`` unless set)."""
    return getattr(_settings, "dtype", None) or "float32"


def set_default_dtype(d) -> None:
    """Set the default float type: ``'float16'``, ``'float32'`` or ``'float64'`` (for this thread)."""
    name = np.dtype(d.replace("paddle.", "") if isinstance(d, str) else d).name
    if name not in ("float16", "float32", "float64"):
        raise TypeError(f"set_default_dtype only supports float16, float32 and float64. Received: {d!r}")
    _settings.dtype = name


def no_grad(func=None):
    """Record nothing for autodiff: ``with paddle.no_grad():``, ``@paddle.no_grad()`` or ``@paddle.no_grad``."""
    if callable(func):
        return _no_grad()(func)
    return _no_grad()


def enable_grad():
    """Record ops for autodiff again inside ``no_grad``."""
    return _enable_grad()


def is_grad_enabled() -> bool:
    """Whether ops are being recorded."""
    return _is_grad_enabled()


def set_grad_enabled(mode: bool):
    """A context that turns recording on (True) or off (False)."""
    return _enable_grad() if mode else _no_grad()


def in_dynamic_mode() -> bool:
    """True: axon.paddle runs eagerly (dygraph) only."""
    return True


def disable_static(place=None) -> None:
    """Dygraph is the only mode; nothing to do."""


def enable_static() -> None:
    """Static graphs are not available: refuses with the dygraph equivalent."""
    raise RuntimeError("axon.paddle runs in dynamic-graph (dygraph) mode only; paddle.enable_static() and the "
                       "static-graph API (paddle.static, fluid, Executor.run) are not available. Write the model "
                       "as a paddle.nn.Layer and call it directly (the default mode since Paddle 2.0).")


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph: bool = False, only_inputs: bool = True,
         allow_unused: bool = False, no_grad_vars=None):
    """The gradients of ``outputs`` with respect to ``inputs``, returned (not accumulated into ``.grad``).

    Args:
        outputs: a Tensor or a list of Tensors.
        inputs: a Tensor or a list of Tensors (with ``stop_gradient=False`` somewhere on the path).
        grad_outputs: the upstream gradients, one per output (None means ones).
        retain_graph: keep the graph for another backward (default: ``create_graph``).
        create_graph: record the backward, so that the gradients can be differentiated again.
        allow_unused: give None for an input the outputs do not depend on, instead of an error.

    Example:
        >>> x = paddle.to_tensor([2.0], stop_gradient=False)
        >>> (dx,) = paddle.grad(x * x * x, x, create_graph=True)   # 3x^2 = [12.]
        >>> (ddx,) = paddle.grad(dx, x)                             # 6x = [12.]
    """
    from axon.autograd.functional import grad as _grad
    from axon.paddle.tensor import Tensor, core, wrap

    if no_grad_vars is not None:
        raise NotImplementedError("paddle.grad(no_grad_vars=...) is not supported; set stop_gradient=True on those "
                                  "tensors instead.")
    outs = [core(outputs)] if isinstance(outputs, Tensor) else [core(o) for o in outputs]
    ins = [core(inputs)] if isinstance(inputs, Tensor) else [core(i) for i in inputs]
    if grad_outputs is not None:
        given = [grad_outputs] if isinstance(grad_outputs, Tensor) else list(grad_outputs)
        grad_outputs = [None if g is None else core(g) for g in given]
        if len(grad_outputs) != len(outs):
            raise ValueError(f"paddle.grad: {len(grad_outputs)} grad_outputs for {len(outs)} outputs.")
        # Paddle's None for an output means ones of its shape.
        grad_outputs = [core(np.ones(o.shape, dtype=o.dtype)) if g is None else g for o, g in zip(outs, grad_outputs)]
    else:
        grad_outputs = [None if o.size == 1 else core(np.ones(o.shape, dtype=o.dtype)) for o in outs]
    try:
        found = _grad(outs, ins, grad_outputs, retain_graph=retain_graph, create_graph=create_graph,
                      allow_unused=allow_unused)
    except RuntimeError as err:
        if "not used" in str(err):
            raise RuntimeError("paddle.grad: one of the inputs is not used to compute the outputs; pass "
                               "allow_unused=True to get None for it.") from None
        raise
    return [None if g is None else wrap(g) for g in found]
