"""depthwise_conv: float64 finite differences for input, kernel and bias in 1-D and 2-D
over strides, paddings and dilations, forward and gradients against PyTorch's grouped
convolution, and errors."""

import numpy as np
import pytest

import axon
from axon.ops.conv import padding_amounts
from axon.ops.depthwise_conv import depthwise_conv
from tests.ops.helpers import check_op

CASES = [
    dict(strides=1, padding="valid"),
    dict(strides=2, padding="same"),
    dict(strides=(1, 2), padding="valid", dilation_rate=1),
    dict(strides=1, padding="same", dilation_rate=2),
]


@pytest.mark.parametrize("multiplier", [1, 3])
@pytest.mark.parametrize("case", CASES)
def test_depthwise_2d_gradients(case, multiplier):
    check_op([(2, 5, 6, 3), (3, 2, 3, multiplier), (3 * multiplier,)],
             lambda x, w, b: depthwise_conv(x, w, b, **case), None)


@pytest.mark.parametrize("case", [dict(strides=2, padding="same"), dict(padding="causal", dilation_rate=2)])
def test_depthwise_1d_gradients(case):
    check_op([(2, 7, 3), (3, 3, 2)], lambda x, w: depthwise_conv(x, w, **case), None)


@pytest.mark.parametrize("case", CASES)
def test_matches_torch_grouped_convolution(case):
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(0)
    x = gen.standard_normal((2, 7, 8, 4)).astype(np.float32)
    w = gen.standard_normal((3, 3, 4, 2)).astype(np.float32)
    b = gen.standard_normal(8).astype(np.float32)
    xa, wa, ba = (axon.Tensor(v, requires_grad=True) for v in (x, w, b))
    y = depthwise_conv(xa, wa, ba, **case)
    up = gen.standard_normal(y.shape).astype(np.float32)
    (y * axon.Tensor(up)).sum().backward()

    strides = np.broadcast_to(case.get("strides", 1), 2)
    dilation = np.broadcast_to(case.get("dilation_rate", 1), 2)
    pads = [padding_amounts(n, 3, s, d, case["padding"]) for n, s, d in zip(x.shape[1:3], strides, dilation)]
    xt = torch.tensor(np.moveaxis(x, -1, 1), requires_grad=True)
    # torch's (C*M, 1, kh, kw) kernel: output channel c*M + m is k[:, :, c, m]
    wt = torch.tensor(np.transpose(w, (2, 3, 0, 1)).reshape(8, 1, 3, 3), requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    padded = torch.nn.functional.pad(xt, [pads[1][0], pads[1][1], pads[0][0], pads[0][1]])
    yt = torch.nn.functional.conv2d(padded, wt, bt, stride=tuple(int(s) for s in strides),
                                    dilation=tuple(int(d) for d in dilation), groups=4)
    (yt * torch.tensor(np.moveaxis(up, -1, 1))).sum().backward()
    np.testing.assert_allclose(y.numpy(), np.moveaxis(yt.detach().numpy(), 1, -1), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(xa.grad.numpy(), np.moveaxis(xt.grad.numpy(), 1, -1), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(wa.grad.numpy(), np.transpose(wt.grad.numpy().reshape(4, 2, 3, 3), (2, 3, 0, 1)),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ba.grad.numpy(), bt.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_errors():
    with pytest.raises(ValueError, match="depth_multiplier"):
        depthwise_conv(np.zeros((1, 5, 5, 3), np.float32), np.zeros((3, 3, 2, 1), np.float32))
    with pytest.raises(ValueError, match="bias must have shape \\(6,\\)"):
        depthwise_conv(np.zeros((1, 5, 5, 3), np.float32), np.zeros((3, 3, 3, 2), np.float32),
                       np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="larger than the padded"):
        depthwise_conv(np.zeros((1, 2, 2, 3), np.float32), np.zeros((3, 3, 3, 1), np.float32))
