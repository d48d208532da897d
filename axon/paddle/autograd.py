"""``paddle.autograd``: ``backward`` over several tensors, and ``PyLayer`` is not available."""

from __future__ import annotations


def backward(tensors, grad_tensors=None, retain_graph: bool = False) -> None:
    """``t.backward(g)`` for each tensor (gradients accumulate into the leaves' ``.grad``)."""
    tensors = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    grads = list(grad_tensors) if isinstance(grad_tensors, (list, tuple)) else [grad_tensors] * len(tensors)
    for i, (t, g) in enumerate(zip(tensors, grads)):
        t.backward(g, retain_graph=retain_graph or i < len(tensors) - 1)


def __getattr__(name: str):
    if name in ("jacobian", "hessian", "PyLayer", "PyLayerContext", "vjp", "jvp"):
        raise AttributeError(f"paddle.autograd.{name} is not available in this version of axon.paddle (it needs "
                             "higher-order gradients); use paddle.grad for first-order gradients.")
    raise AttributeError(f"module 'axon.paddle.autograd' has no attribute {name!r}")
