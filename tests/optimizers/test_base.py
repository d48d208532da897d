"""The Optimizer contract: in-place updates, learning rate, iterations, state, names, errors."""

import json

import numpy as np
import pytest

from axon.autograd.op import is_grad_enabled
from axon.autograd.tape import GradientTape
from axon.autograd.tensor import Variable
from axon.optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop, deserialize, get, serialize
from axon.optimizers.schedules import ExponentialDecay
from tests.optimizers.test_updates import make_problem, run_axon

ALL = [SGD, RMSprop, Adam, AdamW, Adagrad]


@pytest.mark.parametrize("make", [SGD, lambda: SGD(momentum=0.9, nesterov=True), RMSprop,
                                  lambda: RMSprop(momentum=0.5, centered=True), Adam, lambda: Adam(amsgrad=True),
                                  AdamW, Adagrad], ids=lambda m: getattr(m, "__name__", "variant"))
def test_updates_the_same_arrays_in_place(make):
    weights, grads = make_problem(steps=3)
    opt = make()
    variables = [Variable(w.copy()) for w in weights]
    arrays = [v.data for v in variables]
    opt.apply_gradients(zip(grads[0], variables))
    slots = [v.data for v in opt.variables]
    for step in grads[1:]:
        opt.apply_gradients(zip(step, variables))
    assert all(v.data is a for v, a in zip(variables, arrays))
    assert all(v.data is s for v, s in zip(opt.variables, slots))
    assert all(not np.array_equal(v.numpy(), w) for v, w in zip(variables, weights))
    assert all(v.dtype == np.float32 for v in variables)


def test_updates_record_no_graph_even_inside_a_tape():
    w = Variable(np.ones(3, np.float32))
    seen = []

    class Spy(SGD):
        def update_step(self, gradient, variable, learning_rate):
            seen.append(is_grad_enabled())
            super().update_step(gradient, variable, learning_rate)

    with GradientTape():
        Spy(0.1).apply_gradients([(np.ones(3), w)])
    assert seen == [False] and w._op is None and w.requires_grad


def test_iterations_counts_steps():
    weights, grads = make_problem(steps=4)
    opt = Adam()
    assert int(opt.iterations) == 0
    run_axon(opt, weights, grads)
    assert int(opt.iterations) == 4 and opt.iterations.numpy() == 4
    assert opt.apply_gradients(zip(grads[0], [Variable(w) for w in weights])) is opt.iterations
    assert int(opt.iterations) == 5


def test_learning_rate_reads_as_a_float_and_is_assignable():
    opt = SGD(learning_rate=0.1)
    assert float(opt.learning_rate) == pytest.approx(0.1) and abs(opt.learning_rate - 0.1) < 1e-12
    assert isinstance(opt.learning_rate, float) and opt.learning_rate.numpy().dtype == np.float32
    assert json.dumps({"lr": opt.learning_rate}) == '{"lr": 0.1}'
    opt.learning_rate = 0.01
    assert opt.learning_rate == 0.01 and opt.lr == 0.01
    opt.lr = 0.5
    assert opt.learning_rate == 0.5
    opt.learning_rate.assign(0.25)
    assert opt.get_config()["learning_rate"] == 0.25
    w = Variable(np.ones(2, np.float32))
    opt.apply_gradients([(np.ones(2, np.float32), w)])
    np.testing.assert_allclose(w.numpy(), [0.75, 0.75])


def test_legacy_lr_keyword():
    assert SGD(lr=0.3).learning_rate == pytest.approx(0.3)
    assert Adam(lr=0.02).get_config()["learning_rate"] == 0.02
    assert RMSprop(lr=1e-4).lr == pytest.approx(1e-4)


def test_schedule_learning_rate_follows_iterations():
    schedule = ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    opt = SGD(learning_rate=schedule)
    weights, grads = make_problem(steps=4)
    run_axon(opt, weights, grads)
    assert float(opt.learning_rate) == pytest.approx(0.1 * 0.5 ** 2)
    with pytest.raises(TypeError, match="schedule"):
        opt.learning_rate = 0.01
    config = serialize(opt)
    again = deserialize(json.loads(json.dumps(config)))
    assert isinstance(again._learning_rate, ExponentialDecay)
    assert float(again.learning_rate) == pytest.approx(0.1)


def test_callable_learning_rate():
    rate = [0.5]
    opt = SGD(learning_rate=lambda: rate[0])
    w = Variable(np.zeros(1, np.float32))
    opt.apply_gradients([(np.ones(1), w)])
    rate[0] = 0.25
    opt.apply_gradients([(np.ones(1), w)])
    np.testing.assert_allclose(w.numpy(), [-0.75])


@pytest.mark.parametrize("make", [lambda: SGD(0.05, momentum=0.9, nesterov=True),
                                  lambda: RMSprop(0.01, momentum=0.5, centered=True), lambda: Adam(0.01, amsgrad=True),
                                  lambda: AdamW(0.01, weight_decay=0.1), lambda: Adagrad(0.1)],
                         ids=["sgd", "rmsprop", "adam", "adamw", "adagrad"])
def test_state_round_trip_resumes_identically(make, tmp_path):
    weights, grads = make_problem(steps=10)
    opt = make()
    variables = run_axon(opt, weights, grads[:5])
    np.savez(tmp_path / "state.npz", **opt.get_state())
    saved = [v.numpy().copy() for v in variables]
    for step in grads[5:]:
        opt.apply_gradients(zip(step, variables))

    with np.load(tmp_path / "state.npz") as f:
        state = {k: f[k] for k in f.files}
    for built_first in (False, True):
        resumed = make()
        again = [Variable(w.copy()) for w in saved]
        if built_first:
            resumed.build(again)
        resumed.set_state(state)
        assert int(resumed.iterations) == 5
        for step in grads[5:]:
            resumed.apply_gradients(zip(step, again))
        for a, b in zip(variables, again):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
        assert resumed.get_state().keys() == opt.get_state().keys()


def test_get_state_returns_copies():
    weights, grads = make_problem(steps=2)
    opt = Adam()
    variables = run_axon(opt, weights, grads[:1])
    state = opt.get_state()
    before = {k: v.copy() for k, v in state.items()}
    opt.apply_gradients(zip(grads[1], variables))
    assert all(np.array_equal(state[k], before[k]) for k in state)


def test_set_state_rejects_unknown_keys_and_wrong_shapes():
    opt = SGD(momentum=0.9)
    opt.build([Variable(np.zeros((2, 3), np.float32))])
    with pytest.raises(ValueError, match="'velocity/0'"):
        opt.set_state({"velocity/0": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        opt.set_state({"momentum/0": np.zeros((3, 2))})
    with pytest.raises(ValueError, match="'momentum/0'"):
        SGD().set_state({"momentum/0": np.zeros((2, 3))})


def test_variables_property_and_legacy_call():
    opt = Adam()
    run_axon(opt, *make_problem(steps=1))
    assert opt.variables[0] is opt.iterations
    assert len(opt.variables) == 1 + 2 * 4 and len(opt.variables()) == len(opt.variables)
    weights = opt.get_weights()
    fresh = Adam()
    fresh.build([Variable(w) for w in make_problem()[0]])
    fresh.set_weights(weights)
    assert all(np.array_equal(a, b) for a, b in zip(fresh.get_weights(), weights))


def test_none_gradients_are_skipped():
    a, b = Variable(np.ones(2, np.float32)), Variable(np.ones(3, np.float32))
    opt = SGD(0.5)
    opt.apply_gradients([(None, a), (np.ones(3), b)])
    np.testing.assert_array_equal(a.numpy(), [1, 1])
    np.testing.assert_allclose(b.numpy(), [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="No gradients"):
        opt.apply_gradients([(None, a), (None, b)])


def test_apply_without_variables_uses_the_built_order():
    a, b = Variable(np.ones(2, np.float32)), Variable(np.ones(3, np.float32))
    opt = SGD(1.0)
    opt.build([a, b])
    opt.apply([np.ones(2), np.full(3, 0.5)])
    np.testing.assert_allclose(b.numpy(), [0.5] * 3)
    with pytest.raises(ValueError, match="one gradient per variable"):
        opt.apply([np.ones(2)])


def test_gradient_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        SGD().apply_gradients([(np.ones(3), Variable(np.ones(2, np.float32), name="w"))])


def test_weight_decay_exclusion_by_name():
    kernel = Variable(np.ones(2, np.float32), name="dense/kernel")
    bias = Variable(np.ones(2, np.float32), name="dense/bias")
    opt = SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply_gradients([(np.zeros(2), kernel), (np.zeros(2), bias)])
    np.testing.assert_allclose(kernel.numpy(), [0.95, 0.95])
    np.testing.assert_array_equal(bias.numpy(), [1, 1])


def test_minimize_with_a_loss_callable():
    w = Variable(np.array([3.0], np.float32))
    opt = SGD(0.25)
    opt.minimize(lambda: (w * w).sum(), [w])
    np.testing.assert_allclose(w.numpy(), [1.5])


# ------------------------------------------------------------------ names, config
@pytest.mark.parametrize("name, cls", [("sgd", SGD), ("SGD", SGD), ("adam", Adam), ("Adam", Adam), ("ADAMW", AdamW),
                                       ("rmsprop", RMSprop), ("RMSprop", RMSprop), ("adagrad", Adagrad)])
def test_get_by_name(name, cls):
    opt = get(name)
    assert type(opt) is cls and opt.get_config() == cls().get_config()


def test_get_passes_instances_instantiates_classes_and_reads_configs():
    opt = Adam(0.02)
    assert get(opt) is opt
    assert type(get(RMSprop)) is RMSprop
    again = get(serialize(SGD(0.3, momentum=0.8, nesterov=True, clipnorm=1.0)))
    assert type(again) is SGD and again.get_config()["momentum"] == 0.8 and again.clipnorm == 1.0


def test_misspelled_name_lists_valid_ones_and_suggests():
    with pytest.raises(ValueError, match=r"'rmaprop'.*Did you mean 'rmsprop'.*'adam'.*'sgd'"):
        get("rmaprop")
    with pytest.raises(ValueError, match="Could not interpret"):
        get(42)


@pytest.mark.parametrize("cls", ALL)
def test_config_round_trip_through_json(cls):
    opt = cls(learning_rate=0.05, clipvalue=0.5, name="mine")
    config = json.loads(json.dumps(opt.get_config()))
    again = cls.from_config(config)
    assert again.get_config() == opt.get_config() and again.name == "mine"


@pytest.mark.parametrize("call, message", [
    (lambda: SGD(learning_rate=-0.1), "learning_rate=-0.1"),
    (lambda: Adam(lr=-1), "learning_rate=-1"),
    (lambda: SGD(momentum=1.5), "momentum=1.5"),
    (lambda: SGD(momentum=-0.1), "momentum=-0.1"),
    (lambda: RMSprop(momentum=2.0), "momentum=2.0"),
    (lambda: RMSprop(rho=-0.5), "rho=-0.5"),
    (lambda: Adam(beta_1=1.0), "beta_1=1.0"),
    (lambda: Adagrad(initial_accumulator_value=-1.0), "initial_accumulator_value=-1.0"),
    (lambda: AdamW(weight_decay=None), "weight_decay=None"),
    (lambda: SGD(clipnorm=1.0, clipvalue=1.0), "Only one of"),
    (lambda: SGD(clipnorm=0.0), "clipnorm=0.0"),
    (lambda: SGD(learning_rate="fast"), "learning_rate='fast'"),
    (lambda: Adam(betas=(0.9, 0.99)), "betas"),
    (lambda: Adam(use_ema=True), "use_ema"),
])
def test_invalid_arguments_raise_value_error_quoting_the_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_assigning_a_negative_learning_rate_is_refused():
    opt = SGD()
    with pytest.raises(ValueError, match="learning_rate=-0.5"):
        opt.learning_rate = -0.5


def test_base_class_needs_update_step():
    with pytest.raises(NotImplementedError, match="update_step"):
        Optimizer(0.1).apply_gradients([(np.ones(1), Variable(np.ones(1, np.float32)))])
