"""``check_gradients``: a whole model's backpropagation against finite differences, in float64."""

from __future__ import annotations

import contextlib

import numpy as np

from axon import backend as B
from axon.autograd.op import no_grad
from axon.autograd.tape import GradientTape
from axon.explain import losses as explain_losses
from axon.ops import add_n


def check_gradients(model, x, y, loss=None, eps: float = 1e-6, max_entries: int | None = None,
                    seed: int = 0) -> float:
    """The worst relative error between the model's autodiff gradients and
    central finite differences, over every trainable weight.

    The model is switched to float64 for the check (its layers compute in
    float64 and its weights are float64 copies) and switched back afterwards,
    weights unchanged. Each weight entry ``w`` is moved to ``w + eps`` and
    ``w - eps`` and the loss recomputed: ``(L(w + eps) - L(w - eps)) / (2 eps)``.
    Layers run in inference mode (Dropout off), so the loss is deterministic.

    Args:
        model: a built model with one output (keep it small: two forward
            passes per weight entry).
        x, y: a small batch.
        loss: as in ``trace_step`` (``None``: the compiled loss, else ``'half_sse'``).
        eps: the finite-difference step.
        max_entries: check at most this many random entries of each weight (all when None).
        seed: the seed choosing those entries.

    Returns:
        ``max |a - n| / max(|a| + |n|, 1e-10)`` over the weights, with ``a``
        and ``n`` the autodiff and numerical gradients of a weight (as vectors,
        by norm). Below about 1e-6 the backward pass is right.

    Example:
        >>> axon.explain.check_gradients(model, x[:8], y[:8]) < 1e-6
        True
    """
    loss_fn, _ = explain_losses.resolve(loss, model)
    gen = np.random.default_rng(seed)
    with _in_float64(model):
        x64 = B.xp.asarray(getattr(x, "data", x), dtype="float64")
        y64 = B.xp.asarray(getattr(y, "data", y))

        def total_loss():
            value = loss_fn(y64, model(x64, training=False))
            return value + add_n(model.losses) if model.losses else value

        variables = model.trainable_weights
        with GradientTape() as tape:
            total = total_loss()
        grads = tape.gradient(total, variables)
        worst = 0.0
        for v, g in zip(variables, grads):
            flat = v.data.reshape(-1)  # a view: writing it perturbs the weight in place
            entries = np.arange(flat.size)
            if max_entries is not None and flat.size > max_entries:
                entries = np.sort(gen.choice(flat.size, size=max_entries, replace=False))
            numeric = np.empty(len(entries))
            for k, j in enumerate(entries):
                orig = float(flat[j])
                with no_grad():
                    flat[j] = orig + eps
                    plus = float(total_loss().data)
                    flat[j] = orig - eps
                    minus = float(total_loss().data)
                flat[j] = orig
                numeric[k] = (plus - minus) / (2 * eps)
            analytic = np.zeros(len(entries)) if g is None else B.to_numpy(g.data).reshape(-1)[entries]
            err = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-10)
            worst = max(worst, float(err))
    return worst


@contextlib.contextmanager
def _in_float64(model):
    """Run ``model`` in float64 for a while: every layer's dtype and every weight,
    restored (the original arrays, untouched) on exit."""
    layers = _all_layers(model)
    dtypes = [layer.dtype for layer in layers]
    weights = model.weights
    arrays = [w.data for w in weights]
    try:
        for layer in layers:
            layer.dtype = "float64"
        for w in weights:
            if w.data.dtype.kind == "f":
                w.data = w.data.astype("float64")
        yield
    finally:
        for layer, dtype in zip(layers, dtypes):
            layer.dtype = dtype
        for w, array in zip(weights, arrays):
            w.data = array


def _all_layers(layer) -> list:
    out, stack, seen = [], [layer], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        out.append(current)
        stack.extend(current._tracked_layers)
    return out
