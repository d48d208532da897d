"""The one place that records the graph: ``Op.apply`` and the grad mode switch.

An op is a forward on raw arrays and a backward on raw arrays, side by side in
one small class (see ``axon/ops/``). ``apply`` runs the forward and, only when
some input needs a gradient and recording is enabled, links the output to the
op so that ``backward()`` can walk back through it.
"""

from __future__ import annotations

import contextlib
import threading


class _GradMode(threading.local):
    """Per-thread grad mode, as in PyTorch and TensorFlow: a ``no_grad`` block in
    one thread (say, ``predict``) never turns recording off in another (``fit``).
    The class attribute is each new thread's starting value."""

    enabled = True


_mode = _GradMode()


def is_grad_enabled() -> bool:
    """True when new ops are recorded for differentiation (in this thread)."""
    return _mode.enabled


@contextlib.contextmanager
def no_grad():
    """Context in which nothing is recorded (inference, weight updates).

    The switch is per thread: other threads keep recording.

    Example:
        >>> with axon.no_grad():
        ...     y = model(x)          # no graph, no saved activations
    """
    previous, _mode.enabled = _mode.enabled, False
    try:
        yield
    finally:
        _mode.enabled = previous


@contextlib.contextmanager
def enable_grad():
    """Context that records ops even inside ``no_grad`` (used by GradientTape)."""
    previous, _mode.enabled = _mode.enabled, True
    try:
        yield
    finally:
        _mode.enabled = previous


class Op:
    """Base class of the differentiable primitives.

    Subclasses define ``forward(*arrays, **params) -> array`` and
    ``backward(grad) -> array | tuple`` (one gradient per input, ``None`` where
    an input needs none). ``self.needs_grad`` (a tuple of bools, one per input)
    is set before ``forward`` so that an op can skip saving what no backward will
    use. After ``backward`` the engine calls ``free()``.
    """

    inputs: tuple | None = None
    needs_grad: tuple = ()

    @classmethod
    def apply(cls, *inputs, **params):
        """Run the op on Tensors and return the output Tensor (recorded if needed)."""
        # Runs for every op: kept to plain lists and attribute reads (about 1 us).
        op = cls()
        needs = tuple([t.requires_grad for t in inputs]) if _mode.enabled else ()
        record = True in needs
        op.needs_grad = needs
        out = _wrap(op.forward(*[t.data for t in inputs], **params), record)
        if record:
            op.inputs = inputs
            out._op = op
        return out

    def forward(self, *arrays, **params):  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, grad):  # pragma: no cover - abstract
        raise NotImplementedError

    def free(self) -> None:
        """Drop the inputs and saved arrays; marks the op as already used."""
        self.__dict__.clear()
        self.inputs = None
        self.freed = True

    freed = False


# Imported last: tensor.py imports this module (the grad mode switch) first.
from axon.autograd.tensor import Tensor  # noqa: E402

_wrap = Tensor._wrap
