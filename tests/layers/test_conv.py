"""Conv1D and Conv2D: harness (shapes, params, config, float64 gradients, a step),
PyTorch agreement (forward and gradients), parameter counts and errors."""

import numpy as np
import pytest

import axon
from axon.layers.conv import Conv1D, Conv2D
from axon.layers.input_layer import Input
from axon.ops.conv import padding_amounts
from tests.layers.harness import check_layer


# ------------------------------------------------------------------ harness
@pytest.mark.parametrize("kwargs, input_shape, output_shape, params", [
    (dict(filters=3, kernel_size=3), (2, 6, 5, 2), (2, 4, 3, 3), 57),
    (dict(filters=3, kernel_size=(3, 2), padding="same", activation="tanh"), (2, 5, 6, 2), (2, 5, 6, 3), 39),
    (dict(filters=2, kernel_size=3, strides=2, padding="same"), (2, 6, 7, 3), (2, 3, 4, 2), 56),
    (dict(filters=2, kernel_size=2, dilation_rate=2, use_bias=False), (1, 6, 6, 2), (1, 4, 4, 2), 16),
    (dict(filters=4, kernel_size=3, padding="same"), (2, 5, 5, 1), (2, 5, 5, 4), 40),
])
def test_conv2d_harness(kwargs, input_shape, output_shape, params):
    check_layer(lambda **kw: Conv2D(**kwargs, **kw), input_shape, output_shape, params=params)


@pytest.mark.parametrize("kwargs, input_shape, output_shape, params", [
    (dict(filters=3, kernel_size=3), (2, 7, 2), (2, 5, 3), 21),
    (dict(filters=2, kernel_size=3, strides=2, padding="same", activation="sigmoid"), (2, 7, 3), (2, 4, 2), 20),
    (dict(filters=2, kernel_size=2, dilation_rate=2, padding="causal"), (2, 6, 2), (2, 6, 2), 10),
])
def test_conv1d_harness(kwargs, input_shape, output_shape, params):
    check_layer(lambda **kw: Conv1D(**kwargs, **kw), input_shape, output_shape, params=params)


def test_lenet_parameter_counts():
    first = Conv2D(6, 3, padding="same")
    assert first(np.zeros((1, 28, 28, 1), "float32")).shape == (1, 28, 28, 6)
    assert first.count_params() == 60
    second = Conv2D(16, 5)
    assert second(np.zeros((1, 14, 14, 6), "float32")).shape == (1, 10, 10, 16)
    assert second.count_params() == 2416
    assert second.kernel.shape == (5, 5, 6, 16) and second.bias.shape == (16,)


def test_symbolic_call_and_output_shapes_with_unknown_sizes():
    out = Conv2D(4, 3, strides=2)(Input((28, 28, 1)))
    assert tuple(out.shape) == (None, 13, 13, 4)
    layer = Conv2D(8, 5, padding="same", strides=2)
    assert layer.compute_output_shape((None, None, 9, 3)) == (None, None, 5, 8)
    assert Conv1D(2, 3, padding="causal").compute_output_shape((None, 10, 4)) == (None, 10, 2)


def test_same_padding_is_asymmetric_like_tensorflow():
    # n=6, k=3, s=2: ceil(6/2)=3 outputs need 1 zero, and TensorFlow puts it after.
    assert padding_amounts(6, 3, 2, 1, "same") == (0, 1)
    layer = Conv2D(1, 3, strides=2, padding="same", use_bias=False, kernel_initializer="ones")
    x = np.arange(36, dtype="float32").reshape(1, 6, 6, 1)
    out = layer(x).numpy()[0, :, :, 0]
    assert out[0, 0] == x[0, 0:3, 0:3, 0].sum()
    assert out[2, 2] == x[0, 4:6, 4:6, 0].sum()


def test_float32_stays_float32_and_integer_images_are_cast():
    layer = Conv2D(2, 3)
    assert layer(np.zeros((1, 5, 5, 1), "float32")).dtype == np.float32
    assert layer(np.zeros((1, 5, 5, 1), "uint8")).dtype == np.float32


def test_regularizers_add_losses():
    layer = Conv2D(2, 3, kernel_regularizer=axon.regularizers.L2(0.1), bias_regularizer="l2")
    layer(np.zeros((1, 5, 5, 1), "float32"))
    assert len(layer.losses) == 2
    expected = 0.1 * float((layer.kernel.numpy() ** 2).sum())
    assert abs(layer.losses[0].item() - expected) < 1e-5 * max(expected, 1)


def test_get_config_holds_keras_arguments():
    config = Conv2D(8, 3, strides=2, padding="same", activation="relu", name="c").get_config()
    assert config["filters"] == 8 and config["kernel_size"] == (3, 3) and config["strides"] == (2, 2)
    assert config["padding"] == "same" and config["dilation_rate"] == (1, 1) and config["activation"] == "relu"
    assert Conv2D.from_config(config).get_config() == config


# ---------------------------------------------------------- against PyTorch
def _torch_pads(shape, case):
    """TensorFlow's padding of each spatial axis as explicit (before, after) pairs."""
    rank = len(shape) - 2
    ks = np.broadcast_to(case["kernel_size"], rank)
    ss = np.broadcast_to(case["strides"], rank)
    ds = np.broadcast_to(case["dilation_rate"], rank)
    if case["padding"] == "causal":
        return [((k - 1) * d, 0) for k, d in zip(ks, ds)]
    return [padding_amounts(n, k, s, d, case["padding"]) for n, k, s, d in zip(shape[1:-1], ks, ss, ds)]


CASES_2D = [
    dict(kernel_size=3, strides=1, padding="valid", dilation_rate=1),
    dict(kernel_size=3, strides=1, padding="same", dilation_rate=1),
    dict(kernel_size=(3, 2), strides=2, padding="valid", dilation_rate=1),
    dict(kernel_size=3, strides=2, padding="same", dilation_rate=1),  # asymmetric 'same'
    dict(kernel_size=3, strides=1, padding="same", dilation_rate=2),
    dict(kernel_size=2, strides=1, padding="valid", dilation_rate=2),
]


@pytest.mark.parametrize("channels", [1, 5, 12])  # both column layouts, both input-gradient paths
@pytest.mark.parametrize("case", CASES_2D)
def test_conv2d_matches_torch(case, channels):
    _compare_with_torch(Conv2D, case, (3, 8, 9, channels), filters=4)


@pytest.mark.parametrize("case", [
    dict(kernel_size=3, strides=1, padding="valid", dilation_rate=1),
    dict(kernel_size=3, strides=2, padding="same", dilation_rate=1),
    dict(kernel_size=3, strides=1, padding="same", dilation_rate=2),
    dict(kernel_size=3, strides=1, padding="causal", dilation_rate=2),
])
def test_conv1d_matches_torch(case):
    _compare_with_torch(Conv1D, case, (3, 10, 4), filters=3)


def _compare_with_torch(cls, case, input_shape, filters):
    """Forward and the input, kernel and bias gradients of a float32 layer against PyTorch."""
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(1)
    x = gen.standard_normal(input_shape).astype(np.float32)
    layer = cls(filters, bias_initializer="random_normal", **case)
    xa = axon.Tensor(x, requires_grad=True)
    out = layer(xa)
    upstream = gen.standard_normal(out.shape).astype(np.float32)
    (out * axon.Tensor(upstream)).sum().backward()

    xt = torch.tensor(np.moveaxis(x, -1, 1), requires_grad=True)
    wt = torch.tensor(np.moveaxis(layer.kernel.numpy(), (-1, -2), (0, 1)).copy(), requires_grad=True)
    bt = torch.tensor(layer.bias.numpy(), requires_grad=True)
    flat = [p for pair in reversed(_torch_pads(input_shape, case)) for p in pair]  # F.pad: last axis first
    conv = torch.nn.functional.conv2d if len(input_shape) == 4 else torch.nn.functional.conv1d
    ref = conv(torch.nn.functional.pad(xt, flat), wt, bt, stride=layer.strides, dilation=layer.dilation_rate)
    ref.backward(torch.tensor(np.ascontiguousarray(np.moveaxis(upstream, -1, 1))))

    assert out.dtype == np.float32 and layer.kernel.grad.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), np.moveaxis(ref.detach().numpy(), 1, -1), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(xa.grad.numpy(), np.moveaxis(xt.grad.numpy(), 1, -1), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.kernel.grad.numpy(), np.moveaxis(wt.grad.numpy(), (0, 1), (-1, -2)),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.bias.grad.numpy(), bt.grad.numpy(), rtol=1e-4, atol=1e-5)


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs, message", [
    (dict(filters=0, kernel_size=3), "filters=0"),
    (dict(filters=-2, kernel_size=3), "filters=-2"),
    (dict(filters=4, kernel_size=0), "kernel_size=0"),
    (dict(filters=4, kernel_size=(3, -1)), r"kernel_size=\(3, -1\)"),
    (dict(filters=4, kernel_size=(3, 3, 3)), r"kernel_size=\(3, 3, 3\)"),
    (dict(filters=4, kernel_size=3, strides=0), "strides=0"),
    (dict(filters=4, kernel_size=3, dilation_rate=(1, 0)), r"dilation_rate=\(1, 0\)"),
    (dict(filters=4, kernel_size=3, padding="full"), "padding='full'"),
    (dict(filters=4, kernel_size=3, padding="causal"), "padding='causal'"),
    (dict(filters=4, kernel_size=3, data_format="channels_first"), "channels_first"),
])
def test_conv2d_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Conv2D(**kwargs)


def test_conv1d_rejects_bad_arguments():
    with pytest.raises(ValueError, match="kernel_size=0"):
        Conv1D(2, 0)
    with pytest.raises(ValueError, match="padding='full'"):
        Conv1D(2, 3, padding="full")


def test_padding_is_case_insensitive_and_tuple_or_int_accepted():
    a, b = Conv2D(2, 3, strides=2, padding="SAME"), Conv2D(2, (3, 3), strides=(2, 2), padding="same")
    assert a.get_config()["kernel_size"] == b.get_config()["kernel_size"] == (3, 3)
    assert a.padding == b.padding == "same"


def test_wrong_rank_names_layer_and_shapes():
    layer = Conv2D(2, 3, name="conv_a")
    with pytest.raises(ValueError, match=r'"conv_a".*expected ndim=4, found ndim=3.*\(2, 5, 5\)'):
        layer(np.zeros((2, 5, 5), "float32"))


def test_wrong_channel_count_after_build_names_layer_and_shapes():
    layer = Conv2D(2, 3, name="conv_b")
    layer(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r'"conv_b".*value 3.*\(None, 5, 5, 3\).*\(1, 5, 5, 4\)'):
        layer(np.zeros((1, 5, 5, 4), "float32"))


def test_kernel_larger_than_input_is_a_clear_error():
    with pytest.raises(ValueError, match=r"conv_c.*\(5, 5\).*\(3, 3\)"):
        Conv2D(2, 5, name="conv_c")(np.zeros((1, 3, 3, 1), "float32"))
