"""PyTorch's functional autodiff on axon: ``grad``, ``jacobian``, ``hessian``,
``hvp`` and ``vjp`` (``torch.autograd.grad`` / ``torch.autograd.functional``),
and ``hessians`` (``tf.hessians``).

All of them run on the engine's two walks (``engine.py``): first-order
gradients on raw arrays, and ``create_graph=True`` gradients through each op's
differentiable backward, which is what second derivatives are made of.
"""

from __future__ import annotations

import numpy as np

from axon.autograd import engine
from axon.autograd.op import Identity, enable_grad
from axon.autograd.tensor import Tensor


def _as_tuple(value, name: str, what: str) -> tuple[tuple, bool]:
    """``value`` (a Tensor or a sequence of them) as a tuple, and whether it was one Tensor."""
    single = isinstance(value, Tensor)
    items = (value,) if single else tuple(value) if isinstance(value, (list, tuple)) else None
    if items is None or not items or not all(isinstance(t, Tensor) for t in items):
        got = type(value).__name__ if items is None or not items else \
            next(type(t).__name__ for t in items if not isinstance(t, Tensor))
        raise TypeError(f"{name}: {what} must be a Tensor or a sequence of Tensors. Received {got}; "
                        "wrap arrays with axon.tensor(...).")
    return items, single


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         allow_unused: bool | None = None, materialize_grads: bool = False) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``, as ``torch.autograd.grad``.

    Returns a tuple with one gradient per input (nothing accumulates in ``.grad``).

    Args:
        outputs: a Tensor or a sequence of Tensors to differentiate.
        inputs: a Tensor or a sequence of Tensors the gradients are taken for.
        grad_outputs: the upstream gradient of each output (may be omitted for
            one-element outputs, where it is 1).
        retain_graph: keep the graph for another pass; defaults to ``create_graph``.
        create_graph: record the backward, so the gradients can be differentiated again.
        allow_unused: an input that does not influence the outputs is an error
            unless this is true, then its gradient is ``None`` (zeros with
            ``materialize_grads=True``).

    Example:
        >>> x = axon.tensor(2.0, requires_grad=True)
        >>> (dx,) = axon.grad(x ** 3, x, create_graph=True)   # 12
        >>> (ddx,) = axon.grad(dx, x)                          # 6x = 12
    """
    outputs, _ = _as_tuple(outputs, "grad", "outputs")
    inputs, _ = _as_tuple(inputs, "grad", "inputs")
    if materialize_grads and allow_unused is False:
        raise ValueError("grad: materialize_grads=True needs allow_unused=True (or None).")
    allow_unused = bool(allow_unused) or materialize_grads
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    elif isinstance(grad_outputs, Tensor) or not isinstance(grad_outputs, (list, tuple)):
        grad_outputs = (grad_outputs,)
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: grad_outputs has {len(grad_outputs)} entries but there are {len(outputs)} outputs.")
    totals: list = [None] * len(inputs)
    for k, (out, upstream) in enumerate(zip(outputs, grad_outputs)):
        if not out.requires_grad:
            raise RuntimeError(f"grad: element {k} of outputs does not require a gradient: it was not computed "
                               "from a tensor with requires_grad=True (or was computed under no_grad()).")
        upstream = _upstream(out, upstream, create_graph, k)
        if create_graph:
            found = engine.run_backward_graph(out, upstream, sources=list(inputs))
        else:  # the outputs may share a graph: only the last pass may free it
            keep = bool(create_graph if retain_graph is None else retain_graph) or k < len(outputs) - 1
            found = engine.run_backward(out, upstream, sources=list(inputs), retain_graph=keep)
        for i, g in enumerate(found):
            if g is not None:
                totals[i] = g if totals[i] is None else totals[i] + g
    result = []
    for i, (x, g) in enumerate(zip(inputs, totals)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(f"grad: input {i} (shape {x.shape}) was not used to compute the outputs. "
                                   "Pass allow_unused=True if this is expected (its gradient is then None).")
            result.append(Tensor._wrap(np.zeros(x.shape, dtype=x.dtype)) if materialize_grads else None)
            continue
        g = g if isinstance(g, Tensor) else Tensor._wrap(g)
        result.append(g if g.shape == x.shape else g.reshape(x.shape))
    return tuple(result)


def _upstream(out: Tensor, upstream, create_graph: bool, k: int):
    if upstream is None:
        if out.size != 1:
            raise RuntimeError(f"grad: output {k} has shape {out.shape}; a gradient can be implicitly created only "
                               "for one-element outputs. Pass grad_outputs with one tensor per output.")
        value = engine.ones_like(out.data)
    elif isinstance(upstream, Tensor) and create_graph and upstream.dtype == out.dtype:
        value = upstream
    else:
        value = np.asarray(getattr(upstream, "data", upstream), dtype=out.dtype)
    if tuple(value.shape) != out.shape:
        raise ValueError(f"grad: grad_outputs[{k}] has shape {tuple(value.shape)} but output {k} has shape "
                         f"{out.shape}.")
    if create_graph and not isinstance(value, Tensor):
        value = Tensor._wrap(value)
    return value


def _prepare(inputs, create_graph: bool, name: str):
    """Inputs as fresh leaves requiring gradients (linked to the originals under ``create_graph``)."""
    items, single = _as_tuple(inputs, name, "inputs")
    for t in items:
        if t.dtype.kind != "f":
            raise TypeError(f"{name}: inputs must be float tensors. Received dtype={t.dtype}.")
    if create_graph:
        return tuple(Identity.apply_always(t) for t in items), single
    return tuple(Tensor._wrap(t.data, True) for t in items), single


def _call(func, xs, name: str):
    with enable_grad():
        out = func(*xs)
    outs, single = _as_tuple(out, name, "the function's output") if isinstance(out, (Tensor, list, tuple)) \
        else (None, None)
    if outs is None:
        raise TypeError(f"{name}: the function must return a Tensor (or a tuple of Tensors). "
                        f"Received {type(out).__name__}.")
    return outs, single


def _zeros(shape, dtype) -> Tensor:
    return Tensor._wrap(np.zeros(shape, dtype=dtype))


def _jacobian_of(outs, xs, create_graph: bool, strict: bool, name: str):
    """``J[i][j]`` of shape ``outs[i].shape + xs[j].shape``, one backward pass per output entry."""
    from axon import ops

    table = []
    for i, out in enumerate(outs):
        rows = []
        for e in range(out.size):
            if not out.requires_grad:
                found = [None] * len(xs)
            else:
                upstream = np.zeros(out.size, dtype=out.dtype)
                upstream[e] = 1
                found = grad(out, xs, grad_outputs=Tensor._wrap(upstream.reshape(out.shape)), retain_graph=True,
                             create_graph=create_graph, allow_unused=True)
            rows.append(found)
        entry = []
        for j, x in enumerate(xs):
            column = [r[j] for r in rows]
            if strict and all(c is None for c in column):
                raise RuntimeError(f"{name}: output {i} does not depend on input {j} (strict=True).")
            parts = [ops.reshape(c if c is not None else _zeros(x.shape, x.dtype), (-1,)) for c in column]
            if not parts:
                entry.append(_zeros(out.shape + x.shape, x.dtype))
            elif create_graph:
                entry.append(ops.reshape(ops.stack(parts), out.shape + x.shape))
            else:
                entry.append(Tensor._wrap(np.stack([p.data for p in parts]).reshape(out.shape + x.shape)))
        table.append(tuple(entry))
    return table


def _shape_result(table, single_out: bool, single_in: bool):
    rows = [r[0] if single_in else r for r in table]
    return rows[0] if single_out else tuple(rows)


def jacobian(func, inputs, create_graph: bool = False, strict: bool = False):
    """The Jacobian of ``func`` at ``inputs``, as ``torch.autograd.functional.jacobian``.

    For one input and one output the result has shape ``output.shape + input.shape``;
    for tuples, a tuple (per output) of tuples (per input). One backward pass per
    output entry.

    Args:
        func: a function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of Tensors.
        create_graph: give the result a graph (to differentiate it again).
        strict: raise if an output does not depend on an input (else zeros).

    Example:
        >>> axon.autograd.jacobian(lambda x: x ** 2, axon.tensor([1.0, 2.0]))   # diag(2x)
    """
    xs, single_in = _prepare(inputs, create_graph, "jacobian")
    outs, single_out = _call(func, xs, "jacobian")
    return _shape_result(_jacobian_of(outs, xs, create_graph, strict, "jacobian"), single_out, single_in)


def _scalar(outs, single_out: bool, name: str) -> Tensor:
    if not single_out or outs[0].size != 1:
        shape = outs[0].shape if single_out else f"a tuple of {len(outs)}"
        raise RuntimeError(f"{name}: the function must return a single one-element Tensor. Received {shape}.")
    return outs[0]


def hessian(func, inputs, create_graph: bool = False, strict: bool = False):
    """The Hessian of a scalar ``func`` at ``inputs``, as ``torch.autograd.functional.hessian``.

    For one input of shape ``s`` the result has shape ``s + s``; for a tuple of
    inputs, a tuple of tuples (``H[i][j]`` of shape ``s_i + s_j``).

    Example:
        >>> axon.autograd.hessian(lambda x: (x ** 3).sum(), axon.tensor([1.0, 2.0]))   # diag(6x)
    """
    xs, single_in = _prepare(inputs, create_graph, "hessian")
    outs, single_out = _call(func, xs, "hessian")
    y = _scalar(outs, single_out, "hessian")
    first = grad(y, xs, create_graph=True, allow_unused=True, materialize_grads=True)
    table = [_jacobian_of((g,), xs, create_graph, strict, "hessian")[0] for g in first]
    return table[0][0] if single_in else tuple(tuple(r) for r in table)


def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T J)``, as ``torch.autograd.functional.vjp``.

    ``v`` is shaped like the output (may be omitted for a one-element output).
    """
    xs, single_in = _prepare(inputs, create_graph, "vjp")
    outs, single_out = _call(func, xs, "vjp")
    vs = (None,) * len(outs) if v is None else (v,) if single_out else tuple(v)
    grads = grad(outs, xs, grad_outputs=vs, create_graph=create_graph, allow_unused=True,
                 materialize_grads=not strict)
    if strict and any(g is None for g in grads):
        raise RuntimeError("vjp: the output does not depend on every input (strict=True).")
    if not create_graph:
        outs = tuple(o.detach() for o in outs)
    return outs[0] if single_out else outs, grads[0] if single_in else grads


def hvp(func, inputs, v, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H v)`` for a scalar ``func``, as ``torch.autograd.functional.hvp``.

    The Hessian is never formed: two backward passes (the gradient with a graph,
    then the gradient of ``<gradient, v>``), so it costs a few gradients whatever
    the number of parameters.

    Example:
        >>> f = lambda x: (x ** 3).sum()
        >>> _, hv = axon.autograd.hvp(f, axon.tensor([1.0, 2.0]), axon.tensor([1.0, 1.0]))   # 6x * v
    """
    xs, single_in = _prepare(inputs, create_graph, "hvp")
    vs, _ = _as_tuple(v, "hvp", "v")
    if len(vs) != len(xs) or any(a.shape != b.shape for a, b in zip(vs, xs)):
        raise ValueError(f"hvp: v must match the inputs' shapes {[x.shape for x in xs]}. "
                         f"Received {[t.shape for t in vs]}.")
    outs, single_out = _call(func, xs, "hvp")
    y = _scalar(outs, single_out, "hvp")
    first = grad(y, xs, create_graph=True, allow_unused=True)
    if strict and any(g is None for g in first):
        raise RuntimeError("hvp: the output does not depend on every input (strict=True).")
    pairs = [(g, w) for g, w in zip(first, vs) if g is not None and g.requires_grad]
    if not pairs:  # the function is at most linear in its inputs
        result = tuple(_zeros(x.shape, x.dtype) for x in xs)
    else:
        result = grad([g for g, _ in pairs], xs, grad_outputs=[w.astype(g.dtype) for g, w in pairs],
                      create_graph=create_graph, allow_unused=True, materialize_grads=True)
    return (y if create_graph else y.detach()), (result[0] if single_in else result)


def hessians(ys, xs) -> list:
    """``tf.hessians``: the Hessian of ``sum(ys)`` with respect to each of ``xs``
    (shape ``x.shape + x.shape``), for tensors already computed with gradients.

    Example:
        >>> x = axon.Variable([1.0, 2.0])
        >>> (h,) = axon.hessians((x ** 3).sum(), [x])    # diag(6x)
    """
    ys, _ = _as_tuple(ys, "hessians", "ys")
    xs_t, _ = _as_tuple(xs, "hessians", "xs")
    from axon import ops

    total = ys[0].sum() if len(ys) == 1 else ops.add_n([y.sum() for y in ys])
    first = grad(total, xs_t, create_graph=True, allow_unused=True, materialize_grads=True)
    return [_jacobian_of((g,), (x,), False, False, "hessians")[0][0] for g, x in zip(first, xs_t)]
