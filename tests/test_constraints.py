"""Constraints: Keras 3's formulas (NumPy transcriptions), names and configs, and that
the optimizer applies them after every update, in fit and in apply_gradients."""

import numpy as np
import pytest

import axon
from axon import constraints
from axon.layers import BatchNormalization, Conv2D, Dense, PReLU

EPS = 1e-7


def _norms(w, axis):
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


# Keras 3 (keras/src/constraints/constraints.py), transcribed.
def keras_max_norm(w, max_value, axis):
    norms = _norms(w, axis)
    return w * (np.clip(norms, 0, max_value) / (EPS + norms))


def keras_min_max_norm(w, min_value, max_value, rate, axis):
    norms = _norms(w, axis)
    desired = rate * np.clip(norms, min_value, max_value) + (1 - rate) * norms
    return w * (desired / (EPS + norms))


W = np.random.default_rng(0).standard_normal((5, 4, 3)).astype(np.float32) * 2


@pytest.mark.parametrize("axis", [0, 1, [0, 1], -1])
def test_formulas_match_keras(axis):
    ax = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(constraints.MaxNorm(1.5, axis=axis)(W), keras_max_norm(W, 1.5, ax), rtol=1e-6)
    np.testing.assert_allclose(constraints.UnitNorm(axis=axis)(W), W / (EPS + _norms(W, ax)), rtol=1e-6)
    np.testing.assert_allclose(constraints.MinMaxNorm(0.5, 1.2, 0.7, axis=axis)(W),
                               keras_min_max_norm(W, 0.5, 1.2, 0.7, ax), rtol=1e-6)
    np.testing.assert_array_equal(constraints.NonNeg()(W), np.where(W >= 0, W, 0))


def test_tensor_in_tensor_out_and_defaults():
    out = constraints.MaxNorm()(axon.tensor(W))
    assert isinstance(out, axon.Tensor) and out.dtype == np.float32
    assert constraints.MaxNorm().get_config() == {"max_value": 2.0, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}


@pytest.mark.parametrize("name, cls", [("max_norm", constraints.MaxNorm), ("NonNeg", constraints.NonNeg),
                                       ("unit_norm", constraints.UnitNorm), ("MinMaxNorm", constraints.MinMaxNorm)])
def test_names_and_serialization(name, cls):
    c = constraints.get(name)
    assert type(c) is cls
    again = constraints.get(constraints.serialize(c))
    assert type(again) is cls and again.get_config() == c.get_config()
    assert constraints.get(None) is None and constraints.get(c) is c


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="Unknown constraint 'maxnrom'"):
        constraints.get("maxnrom")
    with pytest.raises(ValueError, match="max_value"):
        constraints.MaxNorm(-1)
    with pytest.raises(ValueError, match="axis"):
        constraints.UnitNorm(axis="rows")


def test_fit_keeps_the_kernel_within_max_norm_and_the_bias_non_negative():
    axon.random.set_seed(0)
    layer = Dense(4, kernel_constraint=constraints.MaxNorm(0.5), bias_constraint="non_neg")
    model = axon.models.Sequential([axon.layers.Input((3,)), layer])
    model.compile(optimizer=axon.optimizers.SGD(0.5), loss="mse")
    gen = np.random.default_rng(0)
    x, y = gen.standard_normal((64, 3)), gen.standard_normal((64, 4)) * 10
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert np.all(np.sqrt((layer.kernel.numpy() ** 2).sum(axis=0)) <= 0.5 + 1e-6)
    assert np.all(layer.bias.numpy() >= 0)
    # without the constraint the same training leaves the ball
    free = Dense(4)
    model = axon.models.Sequential([axon.layers.Input((3,)), free])
    model.compile(optimizer=axon.optimizers.SGD(0.5), loss="mse")
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert np.sqrt((free.kernel.numpy() ** 2).sum(axis=0)).max() > 0.5


def test_apply_gradients_projects_after_the_update():
    v = axon.Variable(np.array([[3.0], [4.0]], np.float32), constraint=constraints.MaxNorm(1.0))
    axon.optimizers.SGD(0.1).apply_gradients([(np.zeros((2, 1), np.float32), v)])
    np.testing.assert_allclose(v.numpy(), [[0.6], [0.8]], rtol=1e-6)
    # a plain callable works too
    w = axon.Variable(np.array([-1.0, 2.0], np.float32), constraint=lambda t: axon.clip_by_value(t, 0.0, 1.0))
    axon.optimizers.Adam(0.1).apply_gradients([(np.ones(2, np.float32), w)])
    assert w.numpy().min() >= 0 and w.numpy().max() <= 1


def test_layers_pass_their_constraints_to_their_weights_and_configs():
    conv = Conv2D(2, 3, kernel_constraint=constraints.MaxNorm(2, axis=[0, 1, 2]), bias_constraint="non_neg")
    conv(np.zeros((1, 5, 5, 1), np.float32))
    assert isinstance(conv.kernel.constraint, constraints.MaxNorm)
    assert isinstance(conv.bias.constraint, constraints.NonNeg)
    clone = Conv2D.from_config(conv.get_config())
    assert clone.get_config() == conv.get_config()
    bn = BatchNormalization(gamma_constraint="non_neg", beta_constraint="max_norm")
    bn(np.zeros((2, 3), np.float32))
    assert isinstance(bn.gamma.constraint, constraints.NonNeg) and isinstance(bn.beta.constraint, constraints.MaxNorm)
    assert bn.moving_mean.constraint is None
    prelu = PReLU(alpha_constraint="non_neg")
    prelu(np.zeros((2, 3), np.float32))
    assert isinstance(prelu.alpha.constraint, constraints.NonNeg)
    assert PReLU.from_config(prelu.get_config()).get_config() == prelu.get_config()


@pytest.mark.parametrize("make, argument", [
    (lambda: Dense(3, use_bias=False, bias_constraint="non_neg"), "bias_constraint"),
    (lambda: Conv2D(3, 3, use_bias=False, bias_constraint="max_norm"), "bias_constraint"),
    (lambda: BatchNormalization(center=False, beta_constraint="non_neg"), "beta_constraint"),
    (lambda: BatchNormalization(scale=False, gamma_constraint="non_neg"), "gamma_constraint"),
])
def test_a_constraint_on_a_missing_weight_is_an_error(make, argument):
    with pytest.raises(ValueError, match=f"`{argument}` was given, but the layer has no weight"):
        make()
