"""``activation_derivatives`` and ``derivative_table``: an activation with its
first and second derivatives, by automatic differentiation.

The second derivative is the derivative of the first, taken with
``create_graph=True`` (axon's higher-order gradients). It says how the slope
changes: sigmoid's and tanh's are 0 at the origin (where their slope is
largest) and fall off on both sides; ReLU's is 0 everywhere (it is piecewise
linear; at the kink 0 too, PyTorch's convention), which is why a ReLU network's
Hessian comes only from the loss and the products of layers.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B


def activation_derivatives(activation, x) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(f(x), f'(x), f''(x))`` entry by entry, in float64, by autodiff.

    Args:
        activation: a name (``'tanh'``), or a callable on tensors applied entry by entry.
        x: the points (a number or an array).

    Raises:
        ValueError: for softmax, which is not a function of one number.

    Example:
        >>> f, d1, d2 = axon.explain.activation_derivatives("sigmoid", [0.0, 2.0])
        >>> d2   # s(1 - s)(1 - 2s): 0 at 0
        array([ 0.        , -0.08...])
    """
    from axon import activations
    from axon.autograd.functional import grad
    from axon.autograd.op import enable_grad
    from axon.autograd.tensor import Tensor

    if isinstance(activation, str) and activation.lower() == "softmax":
        raise ValueError("softmax maps a vector to a vector: it has no derivative of one variable. "
                         "Use 'sigmoid' (its two-class case) instead.")
    fn = activations.get(activation)
    xs = np.asarray(B.to_numpy(getattr(x, "data", x)), dtype=np.float64)
    t = Tensor(xs, requires_grad=True)
    with enable_grad():
        y = fn(t)
        if not y.requires_grad:  # piecewise constant (sign): both derivatives are 0
            zero = np.zeros_like(xs)
            return y.numpy().astype(float), zero, zero.copy()
        (d1,) = grad(y.sum(), t, create_graph=True)
        d2 = grad(d1.sum(), t, allow_unused=True)[0] if d1.requires_grad else None
    second = np.zeros_like(xs) if d2 is None else d2.numpy()
    return y.numpy().astype(float), d1.numpy().astype(float), second.astype(float)


def derivative_table(activations=("sigmoid", "tanh", "relu", "elu", "softplus"), points=(-2.0, -1.0, 0.0, 1.0, 2.0),
                     precision: int = 4) -> str:
    """A text table of ``f``, ``f'`` and ``f''`` of each activation at a few points.

    Example:
        >>> print(axon.explain.derivative_table(["sigmoid", "relu"], points=[-1, 0, 1]))
    """
    points = [float(p) for p in np.atleast_1d(points)]
    width = max(precision + 5, 9)
    header = f"{'activation':<14}{'':<6}" + "".join(f"{'x=' + format(p, 'g'):>{width}}" for p in points)
    lines = [header, "-" * len(header)]
    for name in activations if isinstance(activations, (list, tuple)) else [activations]:
        label = name if isinstance(name, str) else getattr(name, "__name__", "f")
        rows = activation_derivatives(name, np.asarray(points))
        for i, (sym, values) in enumerate(zip(("f", "f'", "f''"), rows)):
            cells = "".join(f"{v:>{width}.{precision}f}" for v in values)
            lines.append(f"{label if i == 0 else '':<14}{sym:<6}{cells}")
    return "\n".join(lines)
