"""LayerNormalization: harness (shapes, params, config, float64 gradients, a step),
forward and gradients against PyTorch's LayerNorm, constraints and errors."""

import numpy as np
import pytest

import axon
from axon.layers import Input, LayerNormalization
from tests.layers.harness import check_layer


@pytest.mark.parametrize("kwargs, input_shape, params", [
    (dict(), (3, 6), 12),
    (dict(), (2, 4, 5), 10),
    (dict(axis=[1, 2]), (2, 3, 4), 24),
    (dict(axis=1, center=False), (2, 3, 4), 3),
    (dict(scale=False, epsilon=1e-5), (3, 5), 5),
    (dict(axis=[-3, -2, -1], gamma_initializer="random_normal", beta_initializer="random_normal"),
     (2, 3, 3, 2), 36),
])
def test_layer_normalization_harness(kwargs, input_shape, params):
    check_layer(lambda **kw: LayerNormalization(**kwargs, **kw), input_shape, input_shape, params=params)


@pytest.mark.parametrize("shape, axis", [((4, 7, 16), -1), ((3, 5, 6, 4), [1, 2, 3]), ((4, 6, 5), [2])])
def test_matches_torch_layer_norm(shape, axis):
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(0)
    x = gen.standard_normal(shape).astype(np.float32) * 3 + 1
    layer = LayerNormalization(axis=axis, epsilon=1e-5, gamma_initializer="random_normal",
                               beta_initializer="random_normal")
    xa = axon.Tensor(x, requires_grad=True)
    out = layer(xa)
    upstream = gen.standard_normal(out.shape).astype(np.float32)
    (out * axon.Tensor(upstream)).sum().backward()

    n = 1 if isinstance(axis, int) else len(axis)  # trailing axes, as torch normalises
    xt = torch.tensor(x, requires_grad=True)
    gt = torch.tensor(layer.gamma.numpy(), requires_grad=True)
    bt = torch.tensor(layer.beta.numpy(), requires_grad=True)
    ot = torch.nn.functional.layer_norm(xt, shape[-n:], gt, bt, eps=1e-5)
    (ot * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(out.numpy(), ot.detach().numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.gamma.grad.numpy(), gt.grad.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.beta.grad.numpy(), bt.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_same_in_training_and_inference_and_in_a_model():
    x = np.random.default_rng(0).standard_normal((8, 5, 4)).astype(np.float32)
    layer = LayerNormalization()
    np.testing.assert_array_equal(layer(x, training=True).numpy(), layer(x, training=False).numpy())
    inputs = Input((5, 4))
    model = axon.models.Model(inputs, axon.layers.Dense(2)(LayerNormalization()(inputs)))
    model.compile("adam", "mse")
    history = model.fit(x, np.ones((8, 5, 2), np.float32), epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model.layers[1].get_config()["axis"] == -1


def test_errors_name_the_layer():
    with pytest.raises(ValueError, match="out of range"):
        LayerNormalization(axis=3, name="ln")(np.zeros((2, 3), np.float32))
    with pytest.raises(TypeError, match="`axis` must be an int or a list of ints"):
        LayerNormalization(axis="last")
    with pytest.raises(ValueError, match="rms_scaling"):
        LayerNormalization(rms_scaling=True)
    with pytest.raises(ValueError, match="`gamma_constraint` was given"):
        LayerNormalization(scale=False, gamma_constraint="non_neg")
    layer = LayerNormalization(name="ln")
    layer(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="ln"):
        layer(np.zeros((2, 4), np.float32))
