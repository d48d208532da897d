"""Convolution and pooling ops: window geometry, float64 gradients, TensorFlow's
tf.nn signatures against PyTorch, the chunked path, and errors."""

import numpy as np
import pytest

import axon
from axon.ops import conv as conv_ops
from axon.ops.conv import conv, conv1d, conv2d, convolution, normalize_tuple, output_length, padding_amounts
from axon.ops.pool import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d, pool
from tests.ops.helpers import check_op


# ----------------------------------------------------------------- geometry
@pytest.mark.parametrize("n, k, s, d, padding, pads, length", [
    (28, 5, 1, 1, "same", (2, 2), 28),
    (28, 3, 1, 1, "valid", (0, 0), 26),
    (7, 3, 2, 1, "same", (1, 1), 4),
    (6, 3, 2, 1, "same", (0, 1), 3),      # odd total: the extra zero goes after
    (6, 2, 2, 1, "same", (0, 0), 3),
    (5, 2, 2, 1, "same", (0, 1), 3),
    (9, 3, 1, 2, "same", (2, 2), 9),      # dilated extent 5
    (9, 3, 2, 2, "valid", (0, 0), 3),
    (10, 3, 1, 2, "causal", (4, 0), 10),
    (4, 5, 1, 1, "same", (2, 2), 4),      # kernel larger than the input is fine with 'same'
])
def test_padding_amounts_and_output_length_follow_tensorflow(n, k, s, d, padding, pads, length):
    assert padding_amounts(n, k, s, d, padding) == pads
    assert output_length(n, k, s, d, padding) == length


def test_output_length_keeps_unknown_sizes():
    assert output_length(None, 3, 1, 1, "same") is None


def test_normalize_tuple():
    assert normalize_tuple(3, 2, "kernel_size") == (3, 3)
    assert normalize_tuple([2, 4], 2, "kernel_size") == (2, 4)
    for bad in (0, -1, (2,), (2, 0), "3", 2.5, True):
        with pytest.raises(ValueError, match="kernel_size="):
            normalize_tuple(bad, 2, "kernel_size")


# ---------------------------------------------------- float64 gradients
@pytest.mark.parametrize("shapes, kwargs", [
    ([(2, 5, 6, 1), (3, 3, 1, 2), (2,)], dict(padding="same")),
    ([(2, 6, 5, 4), (2, 3, 4, 3), (3,)], dict(strides=2, padding="same")),
    ([(1, 7, 7, 5), (3, 2, 5, 2), (2,)], dict(dilation_rate=2)),
    ([(1, 6, 5, 9), (3, 3, 9, 2), (2,)], dict(strides=2, padding="same")),  # per-offset input gradient
    ([(2, 6, 6, 2), (3, 3, 2, 2), (2,)], dict(strides=(2, 1), padding=((1, 0), (2, 1)))),
    ([(2, 9, 3), (3, 3, 2), (2,)], dict(strides=2, padding="same")),
    ([(2, 8, 2), (2, 2, 3), (3,)], dict(padding="causal", dilation_rate=3)),
])
def test_conv_gradients_float64(shapes, kwargs):
    check_op(shapes, lambda x, k, b: conv(x, k, b, **kwargs), None)
    check_op(shapes[:2], lambda x, k: conv(x, k, **kwargs), None)


@pytest.mark.parametrize("shapes, kwargs", [
    ([(2, 5, 6, 1), (3, 3, 1, 2), (2,)], dict(padding="same")),
    ([(2, 6, 5, 4), (2, 3, 4, 3), (3,)], dict(strides=2, padding="same")),  # compiled col2im when loaded
    ([(1, 6, 5, 9), (3, 3, 9, 2), (2,)], dict(strides=2, padding="same")),
    ([(2, 9, 3), (3, 3, 2), (2,)], dict(strides=2, padding="same")),
])
def test_conv_with_relu_inside_equals_conv_then_relu_and_has_its_gradient(shapes, kwargs):
    def reference(x, k, b):
        return np.maximum(conv(x, k, b, **kwargs).numpy(), 0)

    # values straddle zero so both sides of the kink are crossed; a finite-difference
    # step never crosses it at these points (the check would then disagree)
    check_op(shapes, lambda x, k, b: conv(x, k, b, relu=True, **kwargs), reference)
    check_op(shapes[:2], lambda x, k: conv(x, k, relu=True, **kwargs), None)


def test_relu_inside_conv_applies_to_every_chunk(monkeypatch):
    gen = np.random.default_rng(3)
    x, k = gen.standard_normal((4, 6, 6, 3)), gen.standard_normal((3, 3, 3, 2))
    upstream = gen.standard_normal((4, 6, 6, 2))

    def run(fused):
        tensors = [axon.Tensor(a, requires_grad=True) for a in (x, k)]
        out = conv(*tensors, padding="same", relu=True) if fused else axon.ops.relu(conv(*tensors, padding="same"))
        (out * upstream).sum().backward()
        return [out.numpy()] + [t.grad.numpy() for t in tensors]

    separate = run(fused=False)
    monkeypatch.setattr(conv_ops, "COLUMN_SLICE_BYTES", 1)  # one sample a slice
    for a, b in zip(separate, run(fused=True)):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12)
    assert (separate[0] == 0).any() and (separate[0] > 0).any()
    with axon.no_grad():
        np.testing.assert_allclose(conv(x, k, padding="same", relu=True).numpy(), separate[0], rtol=1e-12)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("shape, kwargs", [
    ((2, 4, 6, 3), dict(pool_size=2)),
    ((2, 5, 7, 2), dict(pool_size=2)),
    ((2, 5, 5, 2), dict(pool_size=3, strides=1)),
    ((2, 5, 6, 2), dict(pool_size=(3, 2), strides=2, padding="same")),
    ((2, 7, 3), dict(pool_size=3, strides=2, padding="same")),
])
def test_pool_gradients_float64(mode, shape, kwargs):
    check_op([shape], lambda x: pool(x, mode=mode, **kwargs), None)


# ---------------------------------------------- tf.nn signatures vs PyTorch
def _nchw(array):
    torch = pytest.importorskip("torch")
    return torch.tensor(np.ascontiguousarray(np.moveaxis(array, -1, 1)))


def _nhwc(tensor):
    return np.moveaxis(tensor.detach().numpy(), 1, -1)


def test_conv2d_tf_signature_with_explicit_padding_matches_torch():
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(3)
    x = gen.standard_normal((2, 7, 8, 3)).astype(np.float32)
    k = gen.standard_normal((3, 2, 3, 4)).astype(np.float32)
    xa, ka = axon.Tensor(x, requires_grad=True), axon.Tensor(k, requires_grad=True)
    out = conv2d(xa, ka, strides=[1, 2, 1, 1], padding=[[0, 0], [1, 2], [0, 1], [0, 0]], dilations=[1, 2])
    out.sum().backward()
    xt, kt = _nchw(x).requires_grad_(), torch.tensor(np.moveaxis(k, (-1, -2), (0, 1)).copy(), requires_grad=True)
    ref = torch.nn.functional.conv2d(torch.nn.functional.pad(xt, (0, 1, 1, 2)), kt, stride=(2, 1), dilation=(1, 2))
    ref.sum().backward()
    np.testing.assert_allclose(out.numpy(), _nhwc(ref), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(xa.grad.numpy(), _nhwc(xt.grad), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ka.grad.numpy(), np.moveaxis(kt.grad.numpy(), (0, 1), (-1, -2)), rtol=1e-4, atol=1e-5)


def test_conv2d_same_and_conv1d_match_the_layer_formula():
    gen = np.random.default_rng(4)
    x = gen.standard_normal((2, 6, 6, 2)).astype(np.float32)
    k = gen.standard_normal((3, 3, 2, 3)).astype(np.float32)
    a = conv2d(x, k, strides=2, padding="SAME").numpy()
    b = conv(x, k, strides=(2, 2), padding="same").numpy()
    np.testing.assert_array_equal(a, b)
    seq, k1 = x[:, 0], k[0]
    np.testing.assert_array_equal(conv1d(seq, k1, stride=1, padding="VALID").numpy(),
                                  conv2d(seq[:, None], k1[None], 1, "VALID").numpy()[:, 0])
    np.testing.assert_array_equal(convolution(seq, k1, padding="SAME").numpy(),
                                  conv1d(seq, k1, 1, "SAME").numpy())


def test_kernel_gradient_without_input_gradient():
    """The first layer's input needs no gradient: the kernel's must still be right."""
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(5)
    x = gen.standard_normal((3, 6, 6, 1)).astype(np.float32)
    k = gen.standard_normal((3, 3, 1, 2)).astype(np.float32)
    xa, ka = axon.Tensor(x), axon.Tensor(k, requires_grad=True)
    conv2d(xa, ka, 1, "SAME").sum().backward()
    assert xa.grad is None
    kt = torch.tensor(np.moveaxis(k, (-1, -2), (0, 1)).copy(), requires_grad=True)
    torch.nn.functional.conv2d(_nchw(x), kt, padding=1).sum().backward()
    np.testing.assert_allclose(ka.grad.numpy(), np.moveaxis(kt.grad.numpy(), (0, 1), (-1, -2)), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("ksize, strides, padding", [
    ([1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
    (3, 2, "SAME"),
    ([3, 2], [1, 1], [[0, 0], [1, 1], [0, 1], [0, 0]]),
])
def test_pool2d_tf_signatures_match_torch(ksize, strides, padding):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = np.random.default_rng(6).standard_normal((2, 6, 7, 3)).astype(np.float32)
    size = conv_ops.tf_spatial_arg(ksize, 2, "ksize")
    step = conv_ops.tf_spatial_arg(strides, 2, "strides")
    pads = conv_ops.spatial_pads((6, 7), size, step, (1, 1), conv_ops.tf_padding(padding, 2))
    flat = [pads[1][0], pads[1][1], pads[0][0], pads[0][1]]
    xt = _nchw(x)
    ref_max = F.max_pool2d(F.pad(xt, flat, value=-np.inf), size, step)
    ref_avg = F.avg_pool2d(F.pad(xt, flat), size, step) / F.avg_pool2d(F.pad(torch.ones_like(xt), flat), size, step)
    np.testing.assert_allclose(max_pool2d(x, ksize, strides, padding).numpy(), _nhwc(ref_max), rtol=1e-6)
    np.testing.assert_allclose(avg_pool2d(x, ksize, strides, padding).numpy(), _nhwc(ref_avg), rtol=1e-5, atol=1e-6)


def test_pool1d_tf_signatures():
    x = np.arange(12, dtype="float32").reshape(1, 6, 2)
    np.testing.assert_array_equal(max_pool1d(x, 2, 2, "VALID").numpy()[0, :, 0], [2, 6, 10])
    np.testing.assert_array_equal(avg_pool1d(x, 3, 3, "VALID").numpy()[0, :, 1], [3, 9])
    np.testing.assert_array_equal(avg_pool1d(x, 2, 2, "SAME").numpy()[0, :, 0], [1, 5, 9])


def test_max_pool_keeps_integer_images_and_avg_pool_gives_floats():
    x = np.arange(16, dtype="uint8").reshape(1, 4, 4, 1)
    out = max_pool2d(x, 2, 2, "SAME")
    assert out.dtype == np.uint8 and out.numpy()[0, :, :, 0].tolist() == [[5, 7], [13, 15]]
    assert avg_pool2d(x, 2, 2, "VALID").dtype == np.float32


# ----------------------------------------------------------- big batches
@pytest.mark.parametrize("channels", [1, 4, 10])  # both column layouts, both input-gradient paths
def test_chunked_columns_give_the_same_values_and_gradients(monkeypatch, channels):
    gen = np.random.default_rng(7)
    x = gen.standard_normal((5, 6, 6, channels)).astype(np.float64)
    k = gen.standard_normal((3, 3, channels, 2)).astype(np.float64)
    b = gen.standard_normal(2)

    def run():
        tensors = [axon.Tensor(a, requires_grad=True) for a in (x, k, b)]
        out = conv(*tensors, strides=2, padding="same")
        (out * out).sum().backward()
        return [out.numpy()] + [t.grad.numpy() for t in tensors]

    monkeypatch.setattr(conv_ops, "COLUMN_SLICE_BYTES", 2**30)  # the whole batch in one slice
    whole = run()
    monkeypatch.setattr(conv_ops, "COLUMN_SLICE_BYTES", 1)  # one sample a slice, in forward and backward
    calls = []
    original = conv_ops.im2col
    monkeypatch.setattr(conv_ops, "im2col", lambda f, *a, **kw: calls.append(len(f)) or original(f, *a, **kw))
    chunked = run()
    assert calls == [1] * 10  # five samples, built in forward and again for the kernel gradient
    for a, c in zip(whole, chunked):
        np.testing.assert_allclose(c, a, rtol=1e-12, atol=1e-12)


def test_inference_runs_slice_by_slice_with_the_same_result(monkeypatch):
    gen = np.random.default_rng(8)
    x = gen.standard_normal((6, 9, 8, 3)).astype(np.float32)
    k = gen.standard_normal((3, 3, 3, 4)).astype(np.float32)
    whole = conv(x, k, padding="same", relu=True).numpy()
    monkeypatch.setattr(conv_ops, "COLUMN_SLICE_BYTES", 1)  # one sample a slice
    calls = []
    original = conv_ops.im2col
    monkeypatch.setattr(conv_ops, "im2col", lambda f, *a, **kw: calls.append(len(f)) or original(f, *a, **kw))
    with axon.no_grad():
        sliced = conv(x, k, padding="same", relu=True).numpy()
    assert calls == [1] * 6
    np.testing.assert_allclose(sliced, whole, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("channels", [1, 4, 10])
def test_reused_column_buffers_never_mix_two_live_convolutions(channels):
    """Column buffers are recycled after backward: a layer used twice in one graph,
    then again in the next step, must get the gradients of separate runs."""
    gen = np.random.default_rng(9)
    x1, x2 = gen.standard_normal((2, 2, 6, 5, channels)).astype(np.float32)
    k = gen.standard_normal((3, 3, channels, 3)).astype(np.float32)

    def grads(inputs):
        kt = axon.Tensor(k, requires_grad=True)
        xs = [axon.Tensor(x, requires_grad=True) for x in inputs]
        outs = [conv(x, kt, padding="same") for x in xs]  # all alive before any backward
        total = (outs[0] ** 2).sum()
        for out in outs[1:]:
            total = total + (out ** 2).sum()
        total.backward()
        return [kt.grad.numpy()] + [x.grad.numpy() for x in xs]

    (k1, g1), (k2, g2) = grads([x1]), grads([x2])
    for _ in range(2):
        kb, gb1, gb2 = grads([x1, x2])
        np.testing.assert_allclose(kb, k1 + k2, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(gb1, g1, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(gb2, g2, rtol=1e-6, atol=1e-6)


def test_ops_do_not_write_into_their_inputs_and_record_nothing_under_no_grad():
    x = np.random.default_rng(8).standard_normal((2, 5, 5, 2)).astype(np.float32)
    k = np.ones((3, 3, 2, 2), np.float32)
    before = x.copy()
    with axon.no_grad():
        out = conv2d(axon.Tensor(x, requires_grad=True), axon.Tensor(k, requires_grad=True), 1, "SAME")
        pooled = max_pool2d(out, 2, 2, "SAME")
    assert not out.requires_grad and not pooled.requires_grad
    np.testing.assert_array_equal(x, before)


# ------------------------------------------------------------------- errors
def test_conv_errors_name_the_shapes():
    x, k = np.zeros((1, 5, 5, 3), np.float32), np.zeros((3, 3, 2, 4), np.float32)
    with pytest.raises(ValueError, match=r"input channels \(2.*\(3, 3, 2, 4\).*channels \(3.*\(1, 5, 5, 3\)"):
        conv2d(x, k, 1, "VALID")
    with pytest.raises(ValueError, match=r"window \(7, 7\).*\(5, 5\)"):
        conv2d(x, np.zeros((7, 7, 3, 1), np.float32), 1, "VALID")
    with pytest.raises(ValueError, match=r"conv2d: expected an input of rank 4.*\(5, 5\)"):
        conv2d(np.zeros((5, 5), np.float32), k, 1, "VALID")
    with pytest.raises(ValueError, match=r"kernel of the same rank.*\(2, 5, 3\).*\(3, 3, 2, 4\)"):
        conv(np.zeros((2, 5, 3), np.float32), k)
    with pytest.raises(ValueError, match=r"bias must have shape \(4,\)"):
        conv(x, np.zeros((3, 3, 3, 4), np.float32), np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="data_format='NCHW'"):
        conv2d(x, k, 1, "VALID", data_format="NCHW")
    with pytest.raises(ValueError, match=r"strides.*batch and channel.*\[2, 1, 1, 1\]"):
        conv2d(x, np.zeros((3, 3, 3, 4), np.float32), [2, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="padding='FULL'"):
        conv2d(x, np.zeros((3, 3, 3, 4), np.float32), 1, "FULL")


def test_pool_errors_name_the_values():
    x = np.zeros((1, 4, 4, 2), np.float32)
    with pytest.raises(ValueError, match="ksize=0"):
        max_pool2d(x, 0, 1, "VALID")
    with pytest.raises(ValueError, match=r"window \(5, 5\).*\(4, 4\)"):
        max_pool2d(x, 5, 1, "VALID")
    with pytest.raises(ValueError, match="mode='median'"):
        pool(x, 2, mode="median")
    with pytest.raises(ValueError, match="rank 3"):
        pool(np.zeros((4, 4), np.float32), 2)
