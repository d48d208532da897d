"""Pooling layers: harness, PyTorch agreement (forward and input gradient, fast and
general paths, 'same'), global pooling, aliases and errors."""

import numpy as np
import pytest

import axon
from axon.layers import pooling
from axon.layers.input_layer import Input
from axon.layers.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    MaxPooling1D,
    MaxPooling2D,
)
from axon.ops.conv import padding_amounts
from tests.layers.harness import check_layer


# ------------------------------------------------------------------ harness
@pytest.mark.parametrize("cls", [MaxPooling2D, AveragePooling2D])
@pytest.mark.parametrize("kwargs, input_shape, output_shape", [
    (dict(), (2, 4, 6, 3), (2, 2, 3, 3)),                                  # fast path, divisible
    (dict(pool_size=2), (2, 5, 5, 2), (2, 2, 2, 2)),                       # fast path, cropped
    (dict(pool_size=3, strides=1), (2, 5, 4, 2), (2, 3, 2, 2)),            # overlapping windows
    (dict(pool_size=(3, 2), strides=2, padding="same"), (2, 5, 5, 2), (2, 3, 3, 2)),
])
def test_pooling2d_harness(cls, kwargs, input_shape, output_shape):
    check_layer(lambda **kw: cls(**kwargs, **kw), input_shape, output_shape, params=0)


@pytest.mark.parametrize("cls", [MaxPooling1D, AveragePooling1D])
@pytest.mark.parametrize("kwargs, input_shape, output_shape", [
    (dict(), (2, 6, 3), (2, 3, 3)),
    (dict(pool_size=3, strides=2, padding="same"), (2, 7, 2), (2, 4, 2)),
])
def test_pooling1d_harness(cls, kwargs, input_shape, output_shape):
    check_layer(lambda **kw: cls(**kwargs, **kw), input_shape, output_shape, params=0)


@pytest.mark.parametrize("cls, keepdims, input_shape, output_shape", [
    (GlobalAveragePooling2D, False, (2, 3, 4, 5), (2, 5)),
    (GlobalAveragePooling2D, True, (2, 3, 4, 5), (2, 1, 1, 5)),
    (GlobalMaxPooling2D, False, (2, 3, 4, 5), (2, 5)),
    (GlobalMaxPooling2D, True, (2, 3, 4, 5), (2, 1, 1, 5)),
    (GlobalAveragePooling1D, False, (2, 6, 3), (2, 3)),
    (GlobalMaxPooling1D, True, (2, 6, 3), (2, 1, 3)),
])
def test_global_pooling_harness(cls, keepdims, input_shape, output_shape):
    check_layer(lambda **kw: cls(keepdims=keepdims, **kw), input_shape, output_shape, params=0)


def test_global_pooling_values():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4, 1)
    np.testing.assert_array_equal(GlobalMaxPooling2D()(x).numpy(), [[11.0], [23.0]])
    np.testing.assert_allclose(GlobalAveragePooling2D()(x).numpy(), [[5.5], [17.5]])


def test_aliases_are_the_same_classes():
    assert pooling.MaxPool2D is MaxPooling2D and pooling.AvgPool2D is AveragePooling2D
    assert pooling.MaxPool1D is MaxPooling1D and pooling.AvgPool1D is AveragePooling1D
    assert pooling.GlobalAvgPool2D is GlobalAveragePooling2D and pooling.GlobalMaxPool2D is GlobalMaxPooling2D
    assert pooling.GlobalAvgPool1D is GlobalAveragePooling1D and pooling.GlobalMaxPool1D is GlobalMaxPooling1D


def test_defaults_and_config():
    layer = MaxPooling2D()
    assert layer.pool_size == (2, 2) and layer.strides == (2, 2) and layer.padding == "valid"
    assert MaxPooling1D().pool_size == (2,)
    config = AveragePooling2D(3, strides=1, padding="SAME").get_config()
    assert config["pool_size"] == (3, 3) and config["strides"] == (1, 1) and config["padding"] == "same"
    assert AveragePooling2D.from_config(config).get_config() == config


def test_output_shapes_with_unknown_sizes_and_symbolic_call():
    assert MaxPooling2D(3, strides=2, padding="same").compute_output_shape((None, None, 9, 4)) == (None, None, 5, 4)
    assert tuple(MaxPooling2D()(Input((28, 28, 6))).shape) == (None, 14, 14, 6)
    assert tuple(GlobalAveragePooling2D()(Input((7, 7, 16))).shape) == (None, 16)


def test_max_pooling_gradient_goes_to_one_of_tied_elements():
    x = axon.Tensor(np.zeros((1, 2, 2, 1), "float32"), requires_grad=True)
    MaxPooling2D()(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy()[0, :, :, 0], [[1.0, 0.0], [0.0, 0.0]])


def test_same_padding_never_wins_the_max_and_is_not_averaged():
    x = -np.ones((1, 3, 3, 1), "float32")
    assert MaxPooling2D(2, padding="same")(x).numpy().max() == -1.0
    np.testing.assert_array_equal(AveragePooling2D(2, padding="same")(x).numpy(), -np.ones((1, 2, 2, 1)))


# ---------------------------------------------------------- against PyTorch
POOL_CASES = [
    dict(pool_size=2, strides=None, padding="valid"),        # fast path
    dict(pool_size=2, strides=None, padding="same"),         # 'same' on an odd size: one padded row
    dict(pool_size=3, strides=1, padding="valid"),           # general path, overlapping
    dict(pool_size=3, strides=2, padding="same"),            # general path, padded
    dict(pool_size=(2, 3), strides=(1, 2), padding="same"),  # asymmetric padding
]


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("case", POOL_CASES)
@pytest.mark.parametrize("input_shape", [(3, 8, 6, 4), (3, 7, 9, 2)])
def test_pooling2d_matches_torch(mode, case, input_shape):
    _compare_with_torch(MaxPooling2D if mode == "max" else AveragePooling2D, case, input_shape)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("case", [dict(pool_size=2, strides=None, padding="valid"),
                                  dict(pool_size=3, strides=2, padding="same")])
def test_pooling1d_matches_torch(mode, case):
    _compare_with_torch(MaxPooling1D if mode == "max" else AveragePooling1D, case, (3, 9, 4))


def test_max_pooling_ties_match_torch_after_relu():
    _compare_with_torch(MaxPooling2D, dict(pool_size=2, strides=None, padding="valid"), (2, 6, 6, 3), relu=True)
    _compare_with_torch(MaxPooling2D, dict(pool_size=3, strides=1, padding="same"), (2, 5, 5, 3), relu=True)


def _compare_with_torch(cls, case, input_shape, relu=False):
    """Forward and input gradient of a float32 pooling layer against PyTorch, TF padding made explicit."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    gen = np.random.default_rng(2)
    x = gen.standard_normal(input_shape).astype(np.float32)
    if relu:
        x = np.maximum(np.round(x), 0)  # many tied zeros and ones
    layer = cls(**case)
    xa = axon.Tensor(x, requires_grad=True)
    out = layer(xa)
    upstream = gen.standard_normal(out.shape).astype(np.float32)
    (out * axon.Tensor(upstream)).sum().backward()

    size, strides = layer.pool_size, layer.strides
    pads = [padding_amounts(n, k, s, 1, layer.padding) for n, k, s in zip(input_shape[1:-1], size, strides)]
    flat = [p for pair in reversed(pads) for p in pair]  # F.pad: last axis first
    xt = torch.tensor(np.moveaxis(x, -1, 1), requires_grad=True)
    if layer.mode == "max":
        fn = F.max_pool2d if len(size) == 2 else F.max_pool1d
        ref = fn(F.pad(xt, flat, value=-np.inf), size, strides)
    else:  # the mean of the real elements: sum over the window / count of real elements
        fn = F.avg_pool2d if len(size) == 2 else F.avg_pool1d
        ref = fn(F.pad(xt, flat), size, strides) / fn(F.pad(torch.ones_like(xt), flat), size, strides)
    ref.backward(torch.tensor(np.ascontiguousarray(np.moveaxis(upstream, -1, 1))))

    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), np.moveaxis(ref.detach().numpy(), 1, -1), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(xa.grad.numpy(), np.moveaxis(xt.grad.numpy(), 1, -1), rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize("make, message", [
    (lambda: MaxPooling2D(0), "pool_size=0"),
    (lambda: MaxPooling2D((2, -1)), r"pool_size=\(2, -1\)"),
    (lambda: AveragePooling2D(2, strides=0), "strides=0"),
    (lambda: MaxPooling2D(2, padding="full"), "padding='full'"),
    (lambda: MaxPooling1D(2, padding="causal"), "padding='causal'"),
    (lambda: MaxPooling2D(data_format="channels_first"), "channels_first"),
    (lambda: GlobalAveragePooling2D(data_format="channels_first"), "channels_first"),
])
def test_rejects_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_wrong_rank_names_layer_and_shapes():
    with pytest.raises(ValueError, match=r'"pool_a".*expected ndim=4, found ndim=3.*\(2, 4, 4\)'):
        MaxPooling2D(name="pool_a")(np.zeros((2, 4, 4), "float32"))
    with pytest.raises(ValueError, match=r'"gap_a".*expected ndim=4, found ndim=2'):
        GlobalAveragePooling2D(name="gap_a")(np.zeros((2, 4), "float32"))


def test_pool_larger_than_input_is_a_clear_error():
    with pytest.raises(ValueError, match=r"pool_b.*\(3, 3\).*\(2, 2\)"):
        MaxPooling2D(3, name="pool_b")(np.zeros((1, 2, 2, 1), "float32"))
