"""One harness for layer tests: shape, weights, config round trip, gradients, a step.

A layer's test is then a few lines:

    check_layer(lambda **kw: Dense(3, activation="tanh", **kw), input_shape=(4, 5),
                output_shape=(4, 3), params=18)
"""

from __future__ import annotations

import numpy as np

import axon
from axon.autograd.op import no_grad


def _loss(layer, x, weights, training):
    out = layer(x, training=training)
    return (out * axon.Tensor(weights)).sum()


def layer_gradient_error(layer, x: np.ndarray, training=False, eps: float = 1e-6, max_elements: int = 300,
                         seed: int = 0) -> dict:
    """Relative error of the autodiff gradient of ``sum(layer(x) * R)`` with
    respect to the input and to each trainable weight, against central finite
    differences (float64; the layer must have been made with dtype='float64').
    Large tensors are checked along random directions."""
    gen = np.random.default_rng(seed)
    xt = axon.Tensor(x.astype(np.float64), requires_grad=True)
    out = layer(xt, training=training)
    weights = gen.standard_normal(out.shape)
    for w in layer.trainable_weights:
        w.zero_grad()
    (out * axon.Tensor(weights)).sum().backward()
    targets = [("input", xt, xt.grad.numpy())] + [
        (w.name, w, np.zeros(w.shape) if w.grad is None else w.grad.numpy()) for w in layer.trainable_weights]
    errors = {}
    for name, t, analytic in targets:
        base = t.data.copy()

        def f(values, t=t, base=base):
            t.data[...] = values
            with no_grad():
                value = float(_loss(layer, xt.detach() if t is not xt else axon.Tensor(t.data), weights,
                                    training).item())
            t.data[...] = base
            return value

        if base.size <= max_elements:
            numeric = np.zeros(base.size)
            for j in range(base.size):
                plus, minus = base.copy().ravel(), base.copy().ravel()
                plus[j] += eps
                minus[j] -= eps
                numeric[j] = (f(plus.reshape(base.shape)) - f(minus.reshape(base.shape))) / (2 * eps)
            a, n = analytic.ravel(), numeric
        else:
            dirs = gen.standard_normal((4,) + base.shape)
            a = np.array([(analytic * d).sum() for d in dirs])
            n = np.array([(f(base + eps * d) - f(base - eps * d)) / (2 * eps) for d in dirs])
        errors[name] = float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12))
    return errors


def check_layer(make, input_shape, output_shape, params: int | None = None, training=False,
                low: float = -1.0, high: float = 1.0, tol: float = 1e-6, seed: int = 0, step: bool = True):
    """Check a layer built by ``make(**kwargs)`` end to end.

    - the output shape on an input of ``input_shape`` and ``compute_output_shape``;
    - ``count_params() == params`` (when given);
    - ``get_config`` -> ``from_config`` rebuilds a layer with the same config and,
      given the same weights, the same output;
    - finite-difference gradients (float64) for the input and every trainable weight;
    - one gradient step on the weights lowers a squared-error loss.
    """
    gen = np.random.default_rng(seed)
    x = gen.uniform(low, high, input_shape)
    axon.random.set_seed(seed)
    layer = make(dtype="float64")
    out = layer(x, training=training)
    assert out.shape == tuple(output_shape), (out.shape, output_shape)
    assert tuple(layer.compute_output_shape((None,) + tuple(input_shape[1:]))) == (None,) + tuple(output_shape[1:])
    if params is not None:
        assert layer.count_params() == params, (layer.count_params(), params)

    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    clone(x, training=training)
    clone.set_weights(layer.get_weights())
    if not training:
        np.testing.assert_allclose(clone(x).numpy(), layer(x).numpy(), rtol=1e-12, atol=1e-12)

    errors = layer_gradient_error(layer, x, training=training, seed=seed)
    assert max(errors.values()) < tol, errors

    if step and layer.trainable_weights:
        target = gen.standard_normal(out.shape)

        def loss_value():
            o = layer(x, training=training)
            return ((o - axon.Tensor(target)) ** 2).mean()

        before = loss_value()
        for w in layer.trainable_weights:
            w.zero_grad()
        before.backward()
        with no_grad():
            for w in layer.trainable_weights:
                if w.grad is not None:
                    w.assign_sub(1e-3 * w.grad.numpy())
        after = loss_value()
        assert after.item() < before.item(), (before.item(), after.item())
    return layer
