"""Ten steps of every optimizer against Keras's formulas (tests/optimizers/keras_reference.py)."""

import numpy as np
import pytest

from axon.autograd.tensor import Tensor, Variable
from axon.optimizers.adagrad import Adagrad
from axon.optimizers.adam import Adam, AdamW
from axon.optimizers.rmsprop import RMSprop
from axon.optimizers.schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay
from axon.optimizers.sgd import SGD
from tests.optimizers import keras_reference

SHAPES = [(3, 4), (4,), (2, 3, 2), ()]
STEPS = 10


def make_problem(seed=0, steps=STEPS, grad_scale=1.0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=s).astype(np.float32) for s in SHAPES]
    grads = [[(grad_scale * rng.normal(size=s)).astype(np.float32) for s in SHAPES] for _ in range(steps)]
    return weights, grads


def run_axon(optimizer, weights, grads):
    variables = [Variable(w.copy(), name=f"w{i}") for i, w in enumerate(weights)]
    for step in grads:
        optimizer.apply_gradients(zip(step, variables))
    return variables


CASES = [
    ("sgd", SGD, {"learning_rate": 0.1}),
    ("sgd", SGD, {"learning_rate": 0.05, "momentum": 0.9}),
    ("sgd", SGD, {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("rmsprop", RMSprop, {"learning_rate": 0.01}),
    ("rmsprop", RMSprop, {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    ("rmsprop", RMSprop, {"learning_rate": 0.01, "centered": True, "epsilon": 1e-3}),
    ("rmsprop", RMSprop, {"learning_rate": 0.01, "momentum": 0.9, "centered": True}),
    ("adam", Adam, {"learning_rate": 0.01}),
    ("adam", Adam, {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-3}),
    ("adam", Adam, {"learning_rate": 0.01, "amsgrad": True}),
    ("adamw", AdamW, {"learning_rate": 0.01}),
    ("adamw", AdamW, {"learning_rate": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("adagrad", Adagrad, {"learning_rate": 0.1}),
    ("adagrad", Adagrad, {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-4}),
]


def check_against_reference(kind, optimizer, config, weights, grads, schedule=None, **extra):
    variables = run_axon(optimizer, weights, grads)
    if kind == "adamw" and "weight_decay" not in config:
        extra["weight_decay"] = 0.004
    expected, slots = keras_reference.run(kind, weights, grads, schedule=schedule, **config, **extra)
    for var, want in zip(variables, expected):
        assert var.dtype == np.float32
        np.testing.assert_allclose(var.numpy(), want, rtol=1e-5, atol=1e-6)
    state = optimizer.get_state()
    assert int(state["iterations"]) == len(grads)
    for key, value in state.items():
        if "/" in key:
            np.testing.assert_allclose(value, slots[key], rtol=1e-5, atol=1e-7, err_msg=key)
    return state


@pytest.mark.parametrize("kind, cls, config", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_ten_steps_match_keras_formulas(kind, cls, config):
    weights, grads = make_problem()
    check_against_reference(kind, cls(**config), config, weights, grads)


def test_slots_present_only_when_the_configuration_needs_them():
    weights, grads = make_problem(steps=1)
    keys = lambda opt: {k.split("/")[0] for k in opt.get_state() if "/" in k}  # noqa: E731
    for opt, want in [(SGD(), set()), (SGD(momentum=0.9), {"momentum"}), (RMSprop(), {"velocity"}),
                      (RMSprop(momentum=0.5, centered=True), {"velocity", "momentum", "average_gradient"}),
                      (Adam(), {"momentum", "velocity"}),
                      (Adam(amsgrad=True), {"momentum", "velocity", "velocity_hat"}),
                      (Adagrad(), {"accumulator"})]:
        run_axon(opt, weights, grads)
        assert keys(opt) == want, type(opt).__name__


@pytest.mark.parametrize("kind, cls, config", [CASES[1], CASES[4], CASES[7], CASES[12]],
                         ids=["sgd", "rmsprop", "adam", "adagrad"])
def test_weight_decay_is_decoupled_and_scaled_by_lr(kind, cls, config):
    weights, grads = make_problem(1)
    config = {**config, "weight_decay": 0.05}
    check_against_reference(kind, cls(**config), config, weights, grads)


@pytest.mark.parametrize("clip", [{"clipnorm": 0.5}, {"clipvalue": 0.3}, {"global_clipnorm": 1.0}])
@pytest.mark.parametrize("kind, cls, config", [CASES[2], CASES[5], CASES[9]], ids=["sgd", "rmsprop", "adam"])
def test_gradient_clipping(kind, cls, config, clip):
    weights, grads = make_problem(2, grad_scale=3.0)
    config = {**config, **clip}
    check_against_reference(kind, cls(**config), config, weights, grads)


def test_clipping_really_clips():
    weights, grads = make_problem(3, steps=1, grad_scale=10.0)
    for opt, check in [
        (SGD(1.0, clipnorm=0.5), lambda d: all(np.linalg.norm(x) <= 0.5 + 1e-6 for x in d)),
        (SGD(1.0, clipvalue=0.3), lambda d: all(np.abs(x).max() <= 0.3 + 1e-6 for x in d)),
        (SGD(1.0, global_clipnorm=1.0), lambda d: abs(np.sqrt(sum((x ** 2).sum() for x in d)) - 1.0) < 1e-5),
    ]:
        variables = run_axon(opt, weights, grads)
        deltas = [w - v.numpy() for w, v in zip(weights, variables)]
        assert check(deltas), opt.get_config()


def test_small_gradients_pass_norm_clipping_unchanged():
    weights, grads = make_problem(4, steps=1, grad_scale=1e-3)
    for opt in (SGD(1.0, clipnorm=10.0), SGD(1.0, global_clipnorm=10.0)):
        variables = run_axon(opt, weights, grads)
        for w, g, v in zip(weights, grads[0], variables):
            np.testing.assert_allclose(v.numpy(), w - g, rtol=1e-6, atol=1e-7)


SCHEDULES = [
    (ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5), lambda t: 0.1 * 0.5 ** (t / 3)),
    (ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5, staircase=True), lambda t: 0.1 * 0.5 ** (t // 3)),
    (PiecewiseConstantDecay([2, 5], [0.1, 0.05, 0.01]), lambda t: 0.1 if t <= 2 else 0.05 if t <= 5 else 0.01),
    (CosineDecay(0.1, decay_steps=8, alpha=0.1), lambda t: 0.1 * (0.9 * 0.5 * (1 + np.cos(np.pi * min(t, 8) / 8))
                                                                  + 0.1)),
]


@pytest.mark.parametrize("schedule, formula", SCHEDULES, ids=["exp", "exp-staircase", "piecewise", "cosine"])
@pytest.mark.parametrize("kind, cls, config", [CASES[1], CASES[7]], ids=["sgd-momentum", "adam"])
def test_schedule_is_evaluated_at_iterations(kind, cls, config, schedule, formula):
    weights, grads = make_problem(5)
    config = {k: v for k, v in config.items() if k != "learning_rate"}
    opt = cls(learning_rate=schedule, weight_decay=0.01, **config)
    check_against_reference(kind, opt, config, weights, grads, schedule=formula, weight_decay=0.01)
    assert float(opt.learning_rate) == pytest.approx(formula(STEPS))


def test_legacy_decay_keyword_is_inverse_time_decay():
    weights, grads = make_problem(6)
    config = {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}
    opt = SGD(lr=0.1, decay=0.05, momentum=0.9, nesterov=True)
    check_against_reference("sgd", opt, config, weights, grads, decay=0.05)


def test_gradients_may_be_tensors_or_float64_arrays():
    weights, grads = make_problem(7)
    mixed = [[Tensor(g) if i % 2 else g.astype(np.float64) for i, g in enumerate(step)] for step in grads]
    config = {"learning_rate": 0.01}
    variables = run_axon(Adam(**config), weights, mixed)
    expected, _ = keras_reference.run("adam", weights, grads, **config)
    for var, want in zip(variables, expected):
        assert var.dtype == np.float32
        np.testing.assert_allclose(var.numpy(), want, rtol=1e-5, atol=1e-6)
