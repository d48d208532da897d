"""conv_transpose: float64 finite differences for input, kernel and bias in 1-D and
2-D, every padding and stride form, and each of the convolution's col2im paths
(few, some and many output channels); output sizes and errors."""

import numpy as np
import pytest

from axon.ops.conv_transpose import conv_transpose, transpose_output_length
from tests.ops.helpers import check_op

CASES_2D = [
    dict(strides=1, padding="valid"),
    dict(strides=2, padding="same"),
    dict(strides=2, padding="valid"),
    dict(strides=(2, 3), padding="same", output_padding=(1, 2)),
    dict(strides=1, padding="same", dilation_rate=2),
    dict(strides=3, padding="valid"),  # stride larger than the kernel: gaps of bias only
]


@pytest.mark.parametrize("filters", [1, 5, 12])
@pytest.mark.parametrize("case", CASES_2D)
def test_conv_transpose_2d_gradients(case, filters):
    check_op([(2, 3, 4, 3), (2, 2, filters, 3), (filters,)],
             lambda x, w, b: conv_transpose(x, w, b, **case), None, tol=1e-6)


@pytest.mark.parametrize("case", [dict(strides=2, padding="same"), dict(strides=2, padding="valid"),
                                  dict(strides=3, padding="same", output_padding=2), dict(dilation_rate=2)])
def test_conv_transpose_1d_gradients(case):
    check_op([(2, 5, 3), (3, 4, 3), (4,)], lambda x, w, b: conv_transpose(x, w, b, **case), None)
    check_op([(2, 5, 3), (3, 4, 3)], lambda x, w: conv_transpose(x, w, **case), None)


def test_transposes_a_convolution():
    # <conv(y), x> == <y, conv_transpose(x)> with the same kernel: the defining property
    from axon.ops.conv import conv
    gen = np.random.default_rng(0)
    for strides, padding in [(1, "valid"), (2, "same"), (2, "valid"), (3, "same")]:
        x = gen.standard_normal((2, 4, 5, 3))
        w = gen.standard_normal((3, 3, 6, 3))
        t = conv_transpose(x, w, strides=strides, padding=padding).numpy()
        y = gen.standard_normal(t.shape)
        c = conv(y, w, strides=strides, padding=padding).numpy()
        assert c.shape == x.shape
        np.testing.assert_allclose((c * x).sum(), (y * t).sum(), rtol=1e-10)


def test_output_lengths_follow_keras():
    assert transpose_output_length(7, 3, 2, 1, "same") == 14
    assert transpose_output_length(7, 3, 2, 1, "valid") == 15
    assert transpose_output_length(7, 2, 3, 1, "valid") == 21  # max(k, s) - k extra
    assert transpose_output_length(7, 3, 2, 1, "same", 1) == 14
    assert transpose_output_length(7, 3, 2, 1, "same", 0) == 13
    assert transpose_output_length(7, 3, 1, 2, "valid") == 11
    assert transpose_output_length(None, 3, 2, 1, "same") is None


def test_errors():
    x = np.zeros((1, 4, 4, 3), np.float32)
    with pytest.raises(ValueError, match="kernel's last axis"):
        conv_transpose(x, np.zeros((3, 3, 3, 2), np.float32))
    with pytest.raises(ValueError, match="output_padding"):
        conv_transpose(x, np.zeros((3, 3, 2, 3), np.float32), strides=2, output_padding=2)
    with pytest.raises(ValueError, match="bias must have shape \\(2,\\)"):
        conv_transpose(x, np.zeros((3, 3, 2, 3), np.float32), np.zeros(3, np.float32))
