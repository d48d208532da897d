"""Paddle's process settings and autodiff entry points: ``seed``, the default dtype,
``no_grad`` / ``enable_grad``, ``paddle.grad``, and the dygraph mode switches."""

from __future__ import annotations

import threading

import numpy as np

from axon import backend as B
from axon.autograd import engine
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
        create_graph: differentiable gradients (for higher-order derivatives).
        allow_unused: give None for an input the outputs do not depend on, instead of an error.

    Example:
        >>> x = paddle.to_tensor([2.0], stop_gradient=False)
        >>> (dx,) = paddle.grad(x * x, x)          # [4.]
    """
    from axon.autograd.tensor import Tensor as Core
    from axon.paddle.tensor import Tensor, core, to_array, wrap

    if create_graph:
        raise NotImplementedError("paddle.grad(create_graph=True) needs higher-order gradients, which axon.paddle "
                                  "does not map yet; use create_graph=False.")
    if no_grad_vars is not None:
        raise NotImplementedError("paddle.grad(no_grad_vars=...) is not supported; set stop_gradient=True on those "
                                  "tensors instead.")
    single = isinstance(inputs, Tensor)
    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    ins = [inputs] if single else list(inputs)
    if grad_outputs is None or isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs] * len(outs) if grad_outputs is None else [grad_outputs]
    sources = [core(t) for t in ins]
    keep = bool(create_graph) if retain_graph is None else bool(retain_graph)
    total = [None] * len(sources)
    for i, (out, g) in enumerate(zip(outs, grad_outputs)):
        root = core(out)
        if not root.requires_grad:
            raise RuntimeError("paddle.grad: an output does not depend on any tensor with stop_gradient=False.")
        seed_grad = engine.ones_like(root.data) if g is None else to_array(g, root.dtype)
        last = i == len(outs) - 1
        for j, part in enumerate(engine.run_backward(root, seed_grad, sources, retain_graph=keep or not last)):
            if part is not None:
                total[j] = part if total[j] is None else total[j] + part
    if not allow_unused and any(g is None for g in total):
        raise RuntimeError("paddle.grad: one of the inputs is not used to compute the outputs; pass "
                           "allow_unused=True to get None for it.")
    return [None if g is None else wrap(Core._wrap(g)) for g in total]
