"""The one place that walks the graph: reverse-mode accumulation of gradients.

The walk is iterative (no recursion limit on deep nets), visits each op once in
reverse topological order, and frees the graph behind it unless asked to keep
it. Gradients are raw arrays here; ``Tensor`` wraps them for the user.
"""

from __future__ import annotations

from axon import backend as B


def _topological_order(root) -> list:
    """Tensors reachable from ``root`` through recorded ops, root first.

    An iterative depth-first post-order: a tensor is appended only after every
    tensor it was computed from, so in the reversed list each tensor comes
    before all of its inputs and has received its whole gradient when reached
    (a tensor used twice, as in ``x + x * 2``, is visited once, after both uses).
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
        if op is None:
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


def ones_like(array):
    """The default upstream gradient of a scalar root."""
    return B.xp.ones_like(array)
