"""``GradientTape``: TensorFlow's way to ask for gradients.

axon records the graph of every op whose inputs need gradients, so the tape's
work is small: it makes watched constants require gradients while it is open,
and ``gradient()`` runs the engine from the target to the requested sources
(returning the gradients instead of accumulating them in ``.grad``).

Tapes nest as in TensorFlow: a gradient computed while another tape is open
(or inside a persistent tape's own ``with`` block) is itself recorded, through
each op's differentiable backward, so that tape can differentiate it again
(second and higher derivatives, Hessians, gradient penalties).
"""

from __future__ import annotations

import enum
import threading

import numpy as np

from axon.autograd import engine
from axon.autograd.op import enable_grad, is_grad_enabled, no_grad
from axon.autograd.tensor import Tensor

_local = threading.local()


def _open_tapes() -> list:
    """The tapes whose ``with`` block this thread is in, innermost last."""
    tapes = getattr(_local, "tapes", None)
    if tapes is None:
        tapes = _local.tapes = []
    return tapes


class UnconnectedGradients(enum.Enum):
    """What a gradient is for a source the target does not depend on, as
    ``tf.UnconnectedGradients``: ``NONE`` (``None``, the default) or ``ZERO`` (zeros)."""

    NONE = "none"
    ZERO = "zero"


def _unconnected(value) -> str:
    if value is UnconnectedGradients.NONE:  # the default: no string work on every gradient()
        return "none"
    text = str(getattr(value, "value", value)).lower()
    if text not in ("none", "zero"):
        raise ValueError(f"unconnected_gradients must be 'none' or 'zero' (or tf.UnconnectedGradients.NONE / "
                         f".ZERO). Received: unconnected_gradients={value!r}")
    return text


class GradientTape:
    """Record operations to differentiate them later.

    Trainable ``Variable``s are watched automatically (unless
    ``watch_accessed_variables=False``: then only what ``watch()`` was given
    has a gradient); call ``watch(x)`` for a constant tensor. A tape can compute one set of gradients unless created
    with ``persistent=True``. Nest tapes (or call ``gradient`` inside a
    persistent tape's block) for higher derivatives.

    Example:
        >>> x = axon.constant(3.0)
        >>> with axon.GradientTape() as t2:
        ...     t2.watch(x)
        ...     with axon.GradientTape() as t1:
        ...         t1.watch(x)
        ...         y = x * x * x
        ...     dy = t1.gradient(y, x)        # 3x^2 = 27, recorded by t2
        >>> t2.gradient(dy, x).numpy()         # 6x
        18.0
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._watched: list[Tensor] = []  # constants made to require a gradient while the tape is open
        self._explicit: list[Tensor] = []  # all that watch() was given: what a tape follows without
        # watch_accessed_variables
        self._used = False
        self._recording = None
        self._peers: list[GradientTape] = []  # tapes open at the same time: they share the recorded graph

    def __enter__(self) -> GradientTape:
        self._recording = enable_grad()
        self._recording.__enter__()
        for other in _open_tapes():
            other._peers.append(self)
            self._peers.append(other)
        _open_tapes().append(self)
        return self

    def __exit__(self, *exc) -> None:
        tapes = _open_tapes()
        if self in tapes:
            tapes.reverse()
            tapes.remove(self)
            tapes.reverse()
        self._recording.__exit__(*exc)
        self._recording = None
        for t in self._watched:  # watched constants go back to being constants
            t.requires_grad = False

    def watch(self, tensor) -> None:
        """Make the tape follow ``tensor`` (or a list of tensors)."""
        for t in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            if not isinstance(t, Tensor):
                raise TypeError(f"GradientTape.watch expects a Tensor or Variable. Received {type(t).__name__}.")
            if t.dtype.kind != "f":
                raise TypeError(f"GradientTape.watch: only float tensors have gradients. Received dtype={t.dtype}.")
            self._explicit.append(t)
            if not t.requires_grad:
                t.requires_grad = True
                self._watched.append(t)

    def stop_recording(self):
        """Context in which the tape records nothing."""
        return no_grad()

    # ------------------------------------------------------------ internals
    def _use(self) -> None:
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). "
                "Create it with GradientTape(persistent=True) to call gradient() or jacobian() several times."
            )
        self._used = True

    def _retains_graph(self) -> bool:
        """Keep the graph after this tape's gradient while a tape recorded along with it
        (``with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:``) has
        not taken its own yet: the tapes share one graph, where TensorFlow gives each its own."""
        return self.persistent or any(not peer._used for peer in self._peers)

    def _records(self) -> bool:
        """Whether a gradient taken now must itself be recorded: another tape is
        open, or this persistent tape's own block is (where it can be used again)."""
        return is_grad_enabled() and any(t is not self or t.persistent for t in _open_tapes())

    def _connected(self, target) -> bool:
        # A watched constant no longer requires a gradient once the tape has closed, but it
        # is still a valid target (d x / d x = 1).
        return isinstance(target, Tensor) and (target.requires_grad or any(target is t for t in self._watched))

    def _followed(self, flat, grads) -> list:
        """With ``watch_accessed_variables=False`` only what was passed to ``watch()`` has a
        gradient; any other source is unconnected, as in TensorFlow."""
        if self.watch_accessed_variables:
            return grads
        return [g if any(s is w for w in self._explicit) else None for s, g in zip(flat, grads)]

    def _vjp(self, target, flat, upstream, record: bool, retain: bool) -> list:
        """Gradients of ``target`` (upstream an array, or a Tensor when recording) for ``flat``:
        arrays, or Tensors with a graph when ``record``; None where unconnected."""
        if not self._connected(target):
            return [None] * len(flat)
        if record:
            if not isinstance(upstream, Tensor):
                upstream = Tensor._wrap(upstream)
            return self._followed(flat, engine.run_backward_graph(target, upstream, sources=flat))
        if isinstance(upstream, Tensor):
            upstream = upstream.data
        grads = engine.run_backward(target, upstream, sources=flat, retain_graph=retain)
        return self._followed(flat, grads)

    # -------------------------------------------------------------- public
    def gradient(self, target, sources, output_gradients=None, unconnected_gradients=UnconnectedGradients.NONE):
        """d(target)/d(sources), shaped like ``sources`` (a tensor, list, tuple or dict).

        A non-scalar target is summed first (as TensorFlow does), unless
        ``output_gradients`` gives its upstream gradient. A source the target
        does not depend on gets ``None`` (or zeros with
        ``unconnected_gradients=UnconnectedGradients.ZERO`` or ``'zero'``).
        Called while another tape records, the gradients carry a graph that
        tape can differentiate.
        """
        self._use()
        unconnected = _unconnected(unconnected_gradients)
        if isinstance(target, dict):  # several targets are summed, whatever their structure (as TF does)
            target = list(target.values())
        if isinstance(target, (list, tuple)):
            from axon.ops import add_n
            target = add_n([t.sum() if t.ndim else t for t in target])
        keys, flat = _flatten_sources(sources, "gradient")
        record = self._records()
        upstream = None
        if isinstance(target, Tensor):
            if output_gradients is None:
                upstream = engine.ones_like(target.data)
            elif record and isinstance(output_gradients, Tensor) and output_gradients.dtype == target.dtype:
                upstream = output_gradients
            else:
                upstream = Tensor(output_gradients, dtype=target.dtype).data
        grads = self._vjp(target, flat, upstream, record, self._retains_graph())
        out = [_shaped(g, s, unconnected) for s, g in zip(flat, grads)]
        return _unflatten(sources, keys, out)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE, parallel_iterations=None,
                 experimental_use_pfor=True):
        """The Jacobian of ``target`` for each source: shape ``target.shape + source.shape``.

        Row ``i`` is the gradient of the ``i``-th entry of ``target`` (one
        backward pass per entry). ``parallel_iterations`` and
        ``experimental_use_pfor`` are TensorFlow's scheduling hints and change
        nothing here. Under an outer recording tape the result has a graph
        (e.g. a Hessian as the jacobian of a gradient).

        Example:
            >>> with axon.GradientTape() as tape:
            ...     y = x * x                      # x a Variable of shape (3,)
            >>> tape.jacobian(y, x).shape           # diag(2x)
            (3, 3)
        """
        target = _check_target(target, "GradientTape.jacobian")
        self._use()
        unconnected = _unconnected(unconnected_gradients)
        keys, flat = _flatten_sources(sources, "jacobian")
        record = self._records()
        rows = self._rows(target, flat, record, batched=False)
        out = []
        for j, s in enumerate(flat):
            out.append(_assemble([r[j] for r in rows], target.shape, s.shape, s, unconnected, record))
        return _unflatten(sources, keys, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: ``target`` (B, ...) and ``source`` (B, ...) give
        (B, ...target, ...source), assuming example ``b`` of the target depends
        only on example ``b`` of the source (as TensorFlow does).

        One backward pass per entry of an example's target (not per example).
        """
        target = _check_target(target, "GradientTape.batch_jacobian")
        self._use()
        unconnected = _unconnected(unconnected_gradients)
        _, (source,) = _flatten_sources(source, "batch_jacobian")
        if target.ndim < 1 or source.ndim < 1 or target.shape[0] != source.shape[0]:
            raise ValueError(f"batch_jacobian: target and source must have the same first (batch) dimension. "
                             f"Received target of shape {target.shape} and source of shape {source.shape}.")
        batch = target.shape[0]
        record = self._records()
        rows = self._rows(target, [source], record, batched=True)
        rows = [r[0] for r in rows]
        if all(r is None for r in rows):
            if unconnected == "none":
                return None
            return Tensor._wrap(np.zeros(target.shape + source.shape[1:], dtype=source.dtype))
        from axon import ops
        if record:
            rows = [ops.reshape(r if r is not None else _zeros_like(source), (batch, -1)) for r in rows]
            jac = ops.stack(rows, axis=1)
        else:
            rows = [(r if r is not None else np.zeros(source.shape, source.dtype)).reshape(batch, -1) for r in rows]
            jac = Tensor._wrap(np.stack(rows, axis=1))
        return jac.reshape(target.shape + source.shape[1:])

    def _rows(self, target, flat, record: bool, batched: bool) -> list:
        """One list of gradients for ``flat`` per entry of ``target`` (per entry of one
        example's target when ``batched``: the upstream is 1 there in every example)."""
        view = (target.shape[0], -1) if batched else (1, -1)
        count = int(np.prod(target.shape[1:] if batched else target.shape, dtype=np.int64))
        rows = []
        for e in range(count):
            upstream = np.zeros(target.shape, dtype=target.dtype)
            upstream.reshape(view)[:, e] = 1
            # The last pass of a non-persistent tape frees the graph, as gradient() does.
            retain = self.persistent or e < count - 1
            rows.append(self._vjp(target, flat, upstream, record, retain))
        return rows


def _check_target(target, name: str) -> Tensor:
    if not isinstance(target, Tensor):
        raise TypeError(f"{name}: the target must be a Tensor. Received {type(target).__name__}.")
    return target


def _flatten_sources(sources, name: str):
    if isinstance(sources, dict):
        keys, flat = list(sources), list(sources.values())
    elif isinstance(sources, (list, tuple)):
        keys, flat = None, list(sources)
    else:
        keys, flat = None, [sources]
    for s in flat:
        if not isinstance(s, Tensor):
            raise TypeError(f"GradientTape.{name}: sources must be Tensors or Variables. "
                            f"Received {type(s).__name__}.")
    return keys, flat


def _unflatten(sources, keys, out):
    if keys is not None:
        return dict(zip(keys, out))
    if isinstance(sources, (list, tuple)):
        return type(sources)(out) if isinstance(sources, tuple) else out
    return out[0]


def _zeros_like(source) -> Tensor:
    return Tensor._wrap(np.zeros(source.shape, dtype=source.dtype))


def _shaped(g, source, unconnected: str):
    """A gradient (array or Tensor) as a Tensor shaped like ``source``, or the unconnected answer."""
    if g is None:
        return _zeros_like(source) if unconnected == "zero" else None
    if isinstance(g, Tensor):
        return g if g.shape == source.shape else g.reshape(source.shape)
    return Tensor._wrap(g.reshape(source.shape))


def _assemble(rows, target_shape, source_shape, source, unconnected: str, record: bool):
    """Stack per-entry gradients into a ``target_shape + source_shape`` Jacobian."""
    if all(r is None for r in rows):
        return _zeros(target_shape + source_shape, source.dtype) if unconnected == "zero" else None
    if record:
        from axon import ops
        parts = [ops.reshape(r if r is not None else _zeros_like(source), (-1,)) for r in rows]
        return ops.reshape(ops.stack(parts), target_shape + source_shape)
    parts = [(r if r is not None else np.zeros(source_shape, source.dtype)).reshape(-1) for r in rows]
    return Tensor._wrap(np.stack(parts).reshape(target_shape + source_shape))


def _zeros(shape, dtype) -> Tensor:
    return Tensor._wrap(np.zeros(shape, dtype=dtype))
