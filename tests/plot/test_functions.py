"""axon.plot.activation: the function and its derivative by autodiff."""

import numpy as np
import pytest

from axon.plot.functions import activation, function_and_derivative
from tests.plot.conftest import assert_png


def test_activation_plots_function_and_autodiff_derivative(tmp_path):
    fig = activation(["sigmoid", "relu", "tanh"], path=tmp_path / "act.png")
    assert_png(tmp_path / "act.png")
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "relu", "tanh"]
    f, df = fig.axes[0].get_lines()[:2]
    s = 1 / (1 + np.exp(-f.get_xdata()))
    np.testing.assert_allclose(f.get_ydata(), s, rtol=1e-12)
    np.testing.assert_allclose(df.get_ydata(), s * (1 - s), rtol=1e-9)
    assert df.get_linestyle() == "--"
    d2 = fig.axes[0].get_lines()[2]
    assert d2.get_linestyle() == ":"
    np.testing.assert_allclose(d2.get_ydata(), s * (1 - s) * (1 - 2 * s), rtol=1e-8, atol=1e-15)


def test_derivatives_of_common_activations():
    xs = np.array([-2.0, -0.5, 0.5, 2.0])
    _, _, relu = function_and_derivative("relu", xs)
    np.testing.assert_array_equal(relu, [0, 0, 1, 1])
    _, _, tanh = function_and_derivative("tanh", xs)
    np.testing.assert_allclose(tanh, 1 - np.tanh(xs) ** 2, rtol=1e-9)
    label, values, slope = function_and_derivative(lambda x: x * x, xs)
    np.testing.assert_allclose(slope, 2 * xs)


def test_softmax_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="vector to a vector"):
        activation("softmax")
