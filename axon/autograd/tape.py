"""``GradientTape``: TensorFlow's way to ask for gradients.

axon records the graph of every op whose inputs need gradients, so the tape's
work is small: it makes watched constants require gradients while it is open,
and ``gradient()`` runs the engine from the target to the requested sources
(returning the gradients instead of accumulating them in ``.grad``).
"""

from __future__ import annotations

from axon.autograd import engine
from axon.autograd.op import enable_grad, no_grad
from axon.autograd.tensor import Tensor


class GradientTape:
    """Record operations to differentiate them later.

    Trainable ``Variable``s are watched automatically; call ``watch(x)`` for a
    constant tensor. A tape can compute one set of gradients unless created
    with ``persistent=True``.

    Example:
        >>> x = axon.constant(3.0)
        >>> with axon.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.gradient(y, x).numpy()
        6.0
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._watched: list[Tensor] = []
        self._used = False
        self._recording = None

    def __enter__(self) -> GradientTape:
        self._recording = enable_grad()
        self._recording.__enter__()
        return self

    def __exit__(self, *exc) -> None:
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
            if not t.requires_grad:
                t.requires_grad = True
                self._watched.append(t)

    def stop_recording(self):
        """Context in which the tape records nothing."""
        return no_grad()

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients="none"):
        """d(target)/d(sources), shaped like ``sources`` (a tensor, list, tuple or dict).

        A non-scalar target is summed first (as TensorFlow does), unless
        ``output_gradients`` gives its upstream gradient. A source the target
        does not depend on gets ``None`` (or zeros with
        ``unconnected_gradients='zero'``).
        """
        if self._used and not self.persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can compute gradients only once. "
                "Create it with GradientTape(persistent=True) to call gradient() several times."
            )
        self._used = True
        if isinstance(target, (list, tuple)):
            from axon.ops import add_n
            target = add_n([t.sum() if t.ndim else t for t in target])
        if isinstance(sources, dict):
            keys, flat = list(sources), list(sources.values())
        elif isinstance(sources, (list, tuple)):
            keys, flat = None, list(sources)
        else:
            keys, flat = None, [sources]
        for s in flat:
            if not isinstance(s, Tensor):
                raise TypeError(f"GradientTape.gradient: sources must be Tensors or Variables. "
                                f"Received {type(s).__name__}.")
        grads = [None] * len(flat)
        if unconnected_gradients not in ("none", "zero"):
            raise ValueError(f"unconnected_gradients must be 'none' or 'zero'. "
                             f"Received: unconnected_gradients={unconnected_gradients!r}")
        # A watched constant no longer requires a gradient once the tape has closed, but it
        # is still a valid target (d x / d x = 1).
        watched = isinstance(target, Tensor) and any(target is t for t in self._watched)
        if isinstance(target, Tensor) and (target.requires_grad or watched):
            if output_gradients is None:
                upstream = engine.ones_like(target.data)
            else:
                upstream = Tensor(output_gradients, dtype=target.dtype).data
            grads = engine.run_backward(target, upstream, sources=flat, retain_graph=self.persistent)
        out = []
        for s, g in zip(flat, grads):
            if g is None and unconnected_gradients == "zero":
                g = engine.ones_like(s.data) * 0
            out.append(None if g is None else Tensor._wrap(g.reshape(s.shape)))
        if keys is not None:
            return dict(zip(keys, out))
        if isinstance(sources, (list, tuple)):
            return type(sources)(out) if isinstance(sources, tuple) else out
        return out[0]
