"""Second derivatives through the transposed and depthwise convolutions, repeat, pad
and bilinear resize ops: each op's differentiable backward against finite differences of its
first derivative."""

import pytest

from axon.ops.conv_transpose import conv_transpose
from axon.ops.repeat import pad, repeat
from axon.ops.resize import resize_bilinear
from tests.autograd.higher_order import check_second_order


@pytest.mark.parametrize("case", [dict(strides=2, padding="same"), dict(strides=1, padding="valid"),
                                  dict(strides=2, padding="valid", output_padding=1)])
def test_conv_transpose_2d(case):
    check_second_order(lambda x, w, b: conv_transpose(x, w, b, **case), [(2, 3, 3, 2), (2, 2, 3, 2), (3,)])


def test_conv_transpose_1d():
    check_second_order(lambda x, w: conv_transpose(x, w, strides=2, padding="same"), [(2, 4, 2), (3, 3, 2)])


def test_repeat_pad_resize():
    check_second_order(lambda x: repeat(x, 3, 1) ** 2, [(2, 3, 2)])
    check_second_order(lambda x: pad(x, [[0, 0], [1, 2]]) ** 2, [(2, 3)])
    check_second_order(lambda x: resize_bilinear(x, (5, 6)) ** 2, [(1, 3, 4, 2)])


@pytest.mark.parametrize("case", [dict(strides=1, padding="same"), dict(strides=2, padding="valid"),
                                  dict(padding="same", dilation_rate=2)])
def test_depthwise_conv_2d(case):
    from axon.ops.depthwise_conv import depthwise_conv

    check_second_order(lambda x, w, b: depthwise_conv(x, w, b, **case), [(2, 5, 5, 2), (3, 3, 2, 2), (4,)])


def test_depthwise_conv_1d():
    from axon.ops.depthwise_conv import depthwise_conv

    check_second_order(lambda x, w: depthwise_conv(x, w, padding="causal"), [(2, 6, 3), (3, 3, 1)])
