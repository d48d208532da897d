"""The one place that records the graph: ``Op.apply`` and the grad mode switch.

An op is a forward on raw arrays and a backward on raw arrays, side by side in
one small class (see ``axon/ops/``). ``apply`` runs the forward and, only when
some input needs a gradient and recording is enabled, links the output to the
op so that ``backward()`` can walk back through it.

Higher-order gradients. ``backward`` (raw arrays, fast) is what every
first-order gradient runs: ``fit``, ``backward()``, a ``GradientTape`` with no
other tape recording around it. A gradient asked for under recording
(``create_graph=True``, or ``tape.gradient`` while an outer tape is open) runs
each op's ``backward_graph(grad)`` instead: the same vector-Jacobian product
built from differentiable axon ops on Tensors (``grad`` and ``self.inputs``,
the op's input Tensors), so that the gradient has a graph of its own. Give a
new op one of:

- ``backward_graph(self, grad: Tensor) -> Tensor | tuple[Tensor | None, ...]``,
  one gradient per input as in ``backward`` (``None`` where
  ``self.needs_grad`` is false). Use ``self.inputs``, not the saved arrays,
  for anything whose derivative matters; saved arrays may serve as constants
  (a ReLU mask, max pooling's selection: their derivative is zero, as in PyTorch).
- ``composite(self, *inputs: Tensor) -> Tensor``: the forward written with
  differentiable axon ops (reading its parameters from what ``forward``
  saved on ``self``). The default ``backward_graph`` runs it again and
  differentiates it (``engine.graph_vjp``): short to write, one extra forward.

An op that is linear in its one differentiable input (a pad, a resize, a
tile, a cumulative sum...) can return ``adjoint(self, grad, forward)``: its raw
``backward`` wrapped as an op whose own gradient is ``forward`` (the op applied
again to a Tensor), so every order costs what the first does.

An op with none of these raises a ``NotImplementedError`` naming it when a
higher-order gradient goes through it, never a silent ``None``.
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

    def backward_graph(self, grad):
        """The gradients of ``backward`` as Tensors with a graph (see the module docstring).

        The default differentiates ``composite`` when the op defines it.
        """
        if type(self).composite is not Op.composite:
            from axon.autograd.engine import graph_vjp

            return graph_vjp(self, grad)
        name = type(self).__name__
        raise NotImplementedError(
            f"The op {name} has no differentiable backward, so a gradient of a gradient through it "
            f"(create_graph=True, or a gradient taken while an outer GradientTape records) cannot be "
            f"computed. Take first-order gradients only through {name}, or give {name} a "
            f"backward_graph (see axon/autograd/op.py)."
        )

    def composite(self, *inputs):
        """The forward written with differentiable ops on Tensors (optional, see ``backward_graph``)."""
        raise NotImplementedError

    def free(self) -> None:
        """Drop the inputs and saved arrays; marks the op as already used."""
        self.__dict__.clear()
        self.inputs = None
        self.freed = True

    freed = False


class Identity(Op):
    """``y = x``: links an alias to its tensor (``engine.graph_vjp``)."""

    def forward(self, a):
        return a

    def backward(self, grad):
        return grad

    def backward_graph(self, grad):
        return grad

    @classmethod
    def apply_always(cls, tensor):
        """An alias of ``tensor`` that requires a gradient, recorded whatever the grad mode."""
        op = cls()
        op.needs_grad = (True,)
        op.inputs = (tensor,)
        out = _wrap(tensor.data, True)
        out._op = op
        return out


class Adjoint(Op):
    """The backward of an op that is linear in its one differentiable input, as an op.

    ``forward(grad)`` is the source op's raw ``backward`` (its first gradient);
    the adjoint of that is the source op's forward again, so the gradient of this
    op is ``forward_fn`` applied to the upstream gradient (raw: under ``no_grad``).
    """

    def forward(self, grad, source, forward_fn):
        self.forward_fn = forward_fn
        out = source.backward(grad)
        return out[0] if isinstance(out, tuple) else out

    def backward(self, grad):
        with no_grad():
            return self.forward_fn(_wrap(grad)).data

    def backward_graph(self, grad):
        return self.forward_fn(grad)


def adjoint(op: Op, grad, forward_fn) -> tuple:
    """``op.backward_graph`` for an op linear in its first input (the others need no
    gradient): ``forward_fn(t)`` applies the op, with the same parameters, to a Tensor.

    Example (inside an op's class):
        def backward_graph(self, grad):
            return adjoint(self, grad, lambda t: pad(t, self.pads))
    """
    out = Adjoint.apply(grad, source=op, forward_fn=forward_fn)
    return (out,) + (None,) * (len(op.needs_grad) - 1)


# Imported last: tensor.py imports this module (the grad mode switch) first.
from axon.autograd.tensor import Tensor  # noqa: E402

_wrap = Tensor._wrap
