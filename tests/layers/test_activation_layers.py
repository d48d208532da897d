"""ReLU, LeakyReLU, PReLU, ELU, Softmax layers: harness, PyTorch parity (extreme inputs too), errors."""

import numpy as np
import pytest

import axon
from axon.layers.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from axon.layers.input_layer import Input
from tests.layers.harness import check_layer


def _inputs(shape=(6, 5), seed=0):
    """Ordinary values plus extremes of magnitude 1e4 (float32)."""
    x = np.random.default_rng(seed).standard_normal(shape).astype(np.float32) * 3
    x.reshape(-1)[:4] = [1e4, -1e4, 2e3, -5e3]
    return x


def _compare_with_torch(layer, torch_fn, x, upstream_seed=1):
    """Forward and input gradient of ``layer`` against ``torch_fn`` on the same (float32) data."""
    torch = pytest.importorskip("torch")
    upstream = np.random.default_rng(upstream_seed).standard_normal(x.shape).astype(np.float32)
    xt = axon.tensor(x, requires_grad=True)
    y = layer(xt)
    (y * axon.tensor(upstream)).sum().backward()
    xr = torch.tensor(x, requires_grad=True)
    yr = torch_fn(xr)
    (yr * torch.from_numpy(upstream)).sum().backward()
    assert np.all(np.isfinite(y.numpy())) and np.all(np.isfinite(xt.grad.numpy()))
    np.testing.assert_allclose(y.numpy(), yr.detach().numpy(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(xt.grad.numpy(), xr.grad.numpy(), rtol=1e-4, atol=1e-6)
    return xt, xr


# ------------------------------------------------------------------- ReLU
@pytest.mark.parametrize("kwargs", [{}, {"max_value": 0.5}, {"negative_slope": 0.1}, {"threshold": 0.2},
                                    {"max_value": 0.6, "negative_slope": 0.2, "threshold": 0.1}])
def test_relu_harness(kwargs):
    layer = check_layer(lambda **kw: ReLU(**kwargs, **kw), input_shape=(4, 5), output_shape=(4, 5), params=0)
    assert ReLU.from_config(layer.get_config()).get_config() == layer.get_config()


def test_relu_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = _inputs()
    _compare_with_torch(ReLU(), torch.relu, x)
    _compare_with_torch(ReLU(max_value=6.0), torch.nn.ReLU6(), x)
    _compare_with_torch(ReLU(negative_slope=0.1), torch.nn.LeakyReLU(0.1), x)


def test_relu_general_form_follows_keras():
    x = np.array([[-3.0, -0.5, 0.1, 0.5, 2.0, 9.0, 1e4, -1e4]], dtype=np.float32)
    y = ReLU(max_value=6.0, negative_slope=0.1, threshold=0.3)(x).numpy()
    expected = np.where(x >= 0.3, np.minimum(x, 6.0), 0.1 * (x - 0.3))
    np.testing.assert_allclose(y, expected, rtol=1e-6)


@pytest.mark.parametrize("kwargs,name", [({"max_value": -1.0}, "max_value"), ({"negative_slope": -0.1},
                                         "negative_slope"), ({"threshold": -1.0}, "threshold")])
def test_relu_refuses_negative_arguments(kwargs, name):
    with pytest.raises(ValueError, match=rf"`{name}`.*Received: {name}=-"):
        ReLU(**kwargs)


# -------------------------------------------------------------- LeakyReLU
def test_leaky_relu_harness_and_default_slope():
    layer = check_layer(lambda **kw: LeakyReLU(**kw), input_shape=(4, 5), output_shape=(4, 5), params=0)
    assert layer.negative_slope == 0.3
    assert layer.get_config()["negative_slope"] == 0.3


def test_leaky_relu_matches_pytorch():
    torch = pytest.importorskip("torch")
    _compare_with_torch(LeakyReLU(), torch.nn.LeakyReLU(0.3), _inputs())
    _compare_with_torch(LeakyReLU(negative_slope=0.05), torch.nn.LeakyReLU(0.05), _inputs(seed=2))


def test_leaky_relu_accepts_legacy_alpha():
    layer = LeakyReLU(alpha=0.2)
    assert layer.negative_slope == 0.2
    np.testing.assert_allclose(layer(np.array([[-1.0, 1.0]])).numpy(), [[-0.2, 1.0]])
    with pytest.raises(ValueError, match="negative_slope=-0.5"):
        LeakyReLU(negative_slope=-0.5)


# ------------------------------------------------------------------ PReLU
def test_prelu_harness():
    init = {"class_name": "Constant", "config": {"value": 0.25}}
    check_layer(lambda **kw: PReLU(alpha_initializer=init, **kw), input_shape=(4, 5), output_shape=(4, 5),
                params=5)
    check_layer(lambda **kw: PReLU(alpha_initializer="random_normal", shared_axes=[1, 2], **kw),
                input_shape=(2, 3, 3, 4), output_shape=(2, 3, 3, 4), params=4)


def test_prelu_alpha_shape_and_default_is_relu():
    layer = PReLU()
    x = _inputs((3, 4, 5, 2))
    np.testing.assert_array_equal(layer(x).numpy(), np.maximum(x, 0))
    assert layer.alpha.shape == (4, 5, 2)
    shared = PReLU(shared_axes=[1, 2])
    shared(x)
    assert shared.alpha.shape == (1, 1, 2) and shared.count_params() == 2
    assert PReLU(shared_axes=1).get_config()["shared_axes"] == [1]


@pytest.mark.parametrize("shape", [(8, 5), (3, 4, 4, 3)])
def test_prelu_matches_pytorch(shape):
    torch = pytest.importorskip("torch")
    c = shape[-1]
    alpha = np.random.default_rng(3).uniform(0.05, 0.5, c).astype(np.float32)
    layer = PReLU(shared_axes=None if len(shape) == 2 else [1, 2])
    x = _inputs(shape, seed=4)
    layer(x)
    layer.set_weights([alpha.reshape(layer.alpha.shape)])
    ref = torch.nn.PReLU(num_parameters=c)
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(alpha))

    def torch_fn(t):  # torch's channel axis is 1
        return ref(t) if t.ndim == 2 else ref(t.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)

    _compare_with_torch(layer, torch_fn, x)
    np.testing.assert_allclose(layer.alpha.grad.numpy().reshape(c), ref.weight.grad.numpy(), rtol=1e-4, atol=1e-3)


def test_prelu_errors():
    with pytest.raises(ValueError, match="shared_axes"):
        PReLU(shared_axes=[0])
    layer = PReLU(name="pr")
    layer(np.zeros((2, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r'"pr".*\(None, 3\).*\(2, 4\)'):
        layer(np.zeros((2, 4), dtype=np.float32))


# -------------------------------------------------------------------- ELU
@pytest.mark.parametrize("alpha", [1.0, 0.7])
def test_elu_harness_and_pytorch(alpha):
    torch = pytest.importorskip("torch")
    layer = check_layer(lambda **kw: ELU(alpha=alpha, **kw), input_shape=(4, 5), output_shape=(4, 5), params=0)
    assert layer.get_config()["alpha"] == alpha
    _compare_with_torch(ELU(alpha=alpha), torch.nn.ELU(alpha), _inputs())


# ---------------------------------------------------------------- Softmax
@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_softmax_harness(axis):
    layer = check_layer(lambda **kw: Softmax(axis=axis, **kw), input_shape=(2, 3, 4), output_shape=(2, 3, 4),
                        params=0)
    s = layer(np.random.default_rng(0).standard_normal((2, 3, 4))).numpy()
    axes = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(s.sum(axis=axes), 1.0, rtol=1e-12)


@pytest.mark.parametrize("axis", [-1, 1])
def test_softmax_matches_pytorch_with_extreme_logits(axis):
    torch = pytest.importorskip("torch")
    x = _inputs((3, 4, 5))
    _compare_with_torch(Softmax(axis=axis), lambda t: torch.softmax(t, dim=axis), x)


def test_softmax_mask_gives_zero_probability():
    x = np.array([[1.0, 2.0, 3.0], [1e4, -1e4, 0.0]], dtype=np.float32)
    mask = np.array([[True, True, False], [False, True, True]])
    y = Softmax()(x, mask=mask).numpy()
    np.testing.assert_allclose(y[0], np.r_[np.exp([1.0, 2.0]) / np.exp([1.0, 2.0]).sum(), 0.0], rtol=1e-6)
    np.testing.assert_allclose(y[1], [0.0, 0.0, 1.0], atol=1e-7)


def test_layers_work_on_symbolic_inputs():
    inputs = Input((4,))
    for layer in (ReLU(), LeakyReLU(), PReLU(), ELU(), Softmax()):
        assert layer(inputs).shape == (None, 4)
