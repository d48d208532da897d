"""The one place that walks the graph: reverse-mode accumulation of gradients.

The walk is iterative (no recursion limit on deep nets), visits each op once in
reverse topological order, and frees the graph behind it unless asked to keep
it. Two walks share the order:

- ``run_backward`` (first order, what ``fit`` and ``backward()`` run): gradients
  are raw arrays and each op's ``backward`` works on raw arrays.
- ``run_backward_graph`` (``create_graph=True``, or a gradient taken while an
  outer ``GradientTape`` records): gradients are Tensors and each op's
  ``backward_graph`` builds them from differentiable ops, so they have a graph
  of their own and can be differentiated again. Nothing is freed then: the new
  graph refers to the inputs the forward saved.
"""

from __future__ import annotations

from axon import backend as B


def _topological_order(root, stop=None) -> list:
    """Tensors reachable from ``root`` through recorded ops, root first.

    An iterative depth-first post-order: a tensor is appended only after every
    tensor it was computed from, so in the reversed list each tensor comes
    before all of its inputs and has received its whole gradient when reached
    (a tensor used twice, as in ``x + x * 2``, is visited once, after both uses).
    The walk does not go past a tensor whose id is in ``stop``.
    """
    order, done = [], set()
    stack = [(root, False)]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        if id(tensor) in done:
            continue
        done.add(id(tensor))
        stack.append((tensor, True))
        op = tensor._op
        if op is None or (stop is not None and id(tensor) in stop):
            continue
        if op.freed:
            raise RuntimeError(
                "backward() through a graph that has already been freed: gradients were "
                "already computed through it. Run the forward pass again, or pass "
                "retain_graph=True to the first backward() (persistent=True for a GradientTape)."
            )
        # needs_grad is what the inputs required when the op was recorded: a constant
        # watched by a GradientTape is still followed after the tape has closed.
        for parent, needed in zip(op.inputs, op.needs_grad):
            if needed and id(parent) not in done:
                stack.append((parent, False))
    order.reverse()
    return order


def run_backward(root, grad, sources=None, retain_graph: bool = False):
    """Propagate ``grad`` (an array shaped like ``root``) back through the graph.

    With ``sources=None`` every leaf that requires a gradient accumulates it in
    ``.grad`` (``Tensor.backward``). Otherwise nothing is accumulated and the
    gradients of the given tensors are returned in order (``None`` for a tensor
    the root does not depend on), which is what ``GradientTape`` needs.
    """
    wanted = None if sources is None else {id(s): i for i, s in enumerate(sources)}
    found = [None] * (0 if sources is None else len(sources))
    grads = {id(root): grad}
    for tensor in _topological_order(root):
        g = grads.pop(id(tensor), None)
        if g is None:
            continue
        if wanted is not None and id(tensor) in wanted:
            found[wanted[id(tensor)]] = g
        op = tensor._op
        if op is None:
            if wanted is None and tensor.requires_grad:
                tensor._accumulate_grad(g)
            continue
        input_grads = op.backward(g)
        if not isinstance(input_grads, tuple):
            input_grads = (input_grads,)
        for parent, pg, needed in zip(op.inputs, input_grads, op.needs_grad):
            if pg is None or not needed:
                continue
            if pg.dtype != parent.data.dtype:
                pg = pg.astype(parent.data.dtype, copy=False)
            key = id(parent)
            grads[key] = pg if key not in grads else grads[key] + pg
        if not retain_graph:
            op.free()
    return found


def run_backward_graph(root, grad, sources=None, boundary: bool = False):
    """``run_backward`` with Tensors: each op's ``backward_graph`` is recorded.

    ``grad`` is a Tensor shaped like ``root``. The returned gradients (or those
    accumulated in ``.grad``) are Tensors with a graph of their own, so they can
    be differentiated again. With ``boundary`` the walk stops at the sources
    (used to differentiate an op's own forward, see ``graph_vjp``). The graph is
    never freed: the gradients' graph refers to the tensors it was built from.
    """
    from axon import ops
    from axon.autograd.op import enable_grad

    wanted = None if sources is None else {id(s): i for i, s in enumerate(sources)}
    found = [None] * (0 if sources is None else len(sources))
    grads = {id(root): grad}
    with enable_grad():
        for tensor in _topological_order(root, wanted if boundary else None):
            g = grads.pop(id(tensor), None)
            if g is None:
                continue
            if wanted is not None and id(tensor) in wanted:
                found[wanted[id(tensor)]] = g
                if boundary:
                    continue
            op = tensor._op
            if op is None:
                if wanted is None and tensor.requires_grad:
                    tensor._accumulate_grad(g)
                continue
            input_grads = op.backward_graph(g)
            if not isinstance(input_grads, tuple):
                input_grads = (input_grads,)
            for parent, pg, needed in zip(op.inputs, input_grads, op.needs_grad):
                if pg is None or not needed:
                    continue
                if pg.dtype != parent.data.dtype:
                    pg = ops.cast(pg, parent.data.dtype)
                key = id(parent)
                grads[key] = pg if key not in grads else ops.add(grads[key], pg)
    return found


def graph_vjp(op, grad) -> tuple:
    """``op.backward_graph(grad)`` for an op that writes its forward with
    differentiable ops (``op.composite``): that forward is run again on aliases
    of the op's inputs and differentiated with ``create_graph``.

    The aliases are linked to the inputs by an identity op, so the gradients'
    graph reaches the inputs (and what they were computed from) whatever the
    inputs' ``requires_grad`` is now.
    """
    from axon.autograd.op import enable_grad

    with enable_grad():
        aliases = [_alias(t) if needed else t for t, needed in zip(op.inputs, op.needs_grad)]
        out = op.composite(*aliases)
        sources = [a for a, needed in zip(aliases, op.needs_grad) if needed]
        found = iter(run_backward_graph(out, grad, sources=sources, boundary=True))
    return tuple(next(found) if needed else None for needed in op.needs_grad)


def _alias(tensor):
    from axon.autograd.op import Identity

    return Identity.apply_always(tensor)


def ones_like(array):
    """The default upstream gradient of a scalar root."""
    return B.xp.ones_like(array)
