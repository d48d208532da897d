"""``activation``: an activation function with its first and second derivatives."""

from __future__ import annotations

import numpy as np

from axon.plot._figure import finish, pyplot


def activation(name, x_range=(-6.0, 6.0), path=None, num: int = 401):
    """Plot activation function(s) and their derivatives (by axon's autodiff).

    One panel per function: ``f(x)`` solid, ``f'(x)`` dashed and ``f''(x)``
    dotted (the derivative of the derivative, by higher-order autodiff). The
    derivative is what backpropagation multiplies by at that layer: a sigmoid's
    is at most 0.25, which is why deep sigmoid networks learn slowly; the second
    says where that slope changes fastest (0 everywhere for ReLU, whose kink at
    0 counts as 0, PyTorch's convention).

    Args:
        name: an activation name (``'sigmoid'``), a callable, or a list of them.
        x_range: the interval of x.
        path: write the figure there as well.
        num: the number of points.

    Returns:
        The matplotlib Figure.

    Raises:
        ValueError: for softmax, which is not a function of one number.

    Example:
        >>> axon.plot.activation(["sigmoid", "tanh", "relu"])
    """
    names = list(name) if isinstance(name, (list, tuple)) else [name]
    xs = np.linspace(float(x_range[0]), float(x_range[1]), int(num))
    plt = pyplot()
    fig, axes = plt.subplots(1, len(names), figsize=(3.8 * len(names), 3.2), squeeze=False)
    for ax, item in zip(axes[0], names):
        label, values, slope = function_and_derivative(item, xs)
        from axon.explain.derivatives import activation_derivatives

        ax.plot(xs, values, label=f"{label}(x)")
        ax.plot(xs, slope, "--", label=f"{label}'(x)")
        ax.plot(xs, activation_derivatives(item, xs)[2], ":", label=f"{label}''(x)")
        ax.axhline(0, color="gray", lw=0.6)
        ax.axvline(0, color="gray", lw=0.6)
        ax.set_title(label)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
        ax.legend()
    return finish(fig, path)


def function_and_derivative(name, xs: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    """``(label, f(xs), f'(xs))`` for an activation, the derivative by autodiff (float64)."""
    from axon import activations
    from axon.autograd.op import enable_grad
    from axon.autograd.tensor import Tensor

    label = name if isinstance(name, str) else getattr(name, "__name__", "f")
    if isinstance(name, str) and name.lower() == "softmax":
        raise ValueError("softmax maps a vector to a vector: it has no plot of one variable. "
                         "Use 'sigmoid' (its two-class case) instead.")
    fn = activations.get(name)
    x = Tensor(np.asarray(xs, dtype=np.float64), requires_grad=True)
    with enable_grad():
        y = fn(x)
        if y.requires_grad:
            y.sum().backward()
    slope = np.zeros_like(xs) if x.grad is None else x.grad.numpy()
    return label, y.numpy().astype(float), slope.astype(float)
