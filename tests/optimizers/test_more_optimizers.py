"""Nadam, Adamax, Adadelta and Lion: ten steps against NumPy transcriptions of Keras 3's
update_step, against real Keras 3 (one reference call for the module), Adadelta
against PyTorch, defaults, names, configs, state round trips and a fit."""

import numpy as np
import pytest

import axon
from axon.optimizers import Adadelta, Adamax, Lion, Nadam
from tests.optimizers.test_updates import check_against_reference, make_problem, run_axon
from tests.reference import run_reference

CASES = [
    ("nadam", Nadam, {"learning_rate": 0.01}),
    ("nadam", Nadam, {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}),
    ("adamax", Adamax, {"learning_rate": 0.01}),
    ("adamax", Adamax, {"learning_rate": 0.02, "beta_1": 0.7, "beta_2": 0.9, "epsilon": 1e-3}),
    ("adadelta", Adadelta, {"learning_rate": 1.0}),
    ("adadelta", Adadelta, {"learning_rate": 0.5, "rho": 0.8, "epsilon": 1e-5}),
    ("lion", Lion, {"learning_rate": 0.01}),
    ("lion", Lion, {"learning_rate": 0.003, "beta_1": 0.5, "beta_2": 0.9}),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("kind, cls, config", CASES, ids=IDS)
def test_ten_steps_match_keras_formulas(kind, cls, config):
    weights, grads = make_problem()
    check_against_reference(kind, cls(**config), config, weights, grads)


@pytest.mark.parametrize("kind, cls, config", [CASES[1], CASES[3], CASES[5], CASES[7]],
                         ids=["nadam", "adamax", "adadelta", "lion"])
def test_weight_decay_and_clipping(kind, cls, config):
    weights, grads = make_problem(1, grad_scale=3.0)
    config = {**config, "weight_decay": 0.05, "clipnorm": 1.0}
    check_against_reference(kind, cls(**config), config, weights, grads)


@pytest.fixture(scope="module")
def keras_results():
    weights, grads = make_problem(2)
    arrays = {f"w{i}": w for i, w in enumerate(weights)}
    arrays.update({f"g{s}_{i}": g for s, step in enumerate(grads) for i, g in enumerate(step)})
    script = f"""
import keras
cases = {[(c[0], c[2]) for c in CASES]!r}
names = {{"nadam": "Nadam", "adamax": "Adamax", "adadelta": "Adadelta", "lion": "Lion"}}
n_w = {len(weights)}
for k, (kind, config) in enumerate(cases):
    opt = getattr(keras.optimizers, names[kind])(**config)
    vs = [keras.Variable(inputs[f"w{{i}}"]) for i in range(n_w)]
    for s in range({len(grads)}):
        opt.apply_gradients([(inputs[f"g{{s}}_{{i}}"], vs[i]) for i in range(n_w)])
    for i, v in enumerate(vs):
        outputs[f"{{k}}_{{i}}"] = keras.ops.convert_to_numpy(v)
for kind, name in names.items():
    config = getattr(keras.optimizers, name)().get_config()
    for key in ("learning_rate", "beta_1", "beta_2", "epsilon", "rho"):
        if key in config:
            outputs[f"default_{{kind}}_{{key}}"] = np.float64(config[key])
"""
    return weights, grads, run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(CASES)), ids=IDS)
def test_ten_steps_match_real_keras(keras_results, k):
    weights, grads, out = keras_results
    kind, cls, config = CASES[k]
    variables = run_axon(cls(**config), weights, grads)
    for i, var in enumerate(variables):
        np.testing.assert_allclose(var.numpy(), out[f"{k}_{i}"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cls", [Nadam, Adamax, Adadelta, Lion])
def test_defaults_match_keras(keras_results, cls):
    prefix = f"default_{cls.__name__.lower()}_"
    keras_config = {k[len(prefix):]: float(v) for k, v in keras_results[2].items() if k.startswith(prefix)}
    config = cls().get_config()
    assert keras_config and set(keras_config) <= set(config)
    for key, value in keras_config.items():
        assert config[key] == pytest.approx(value), key


@pytest.mark.parametrize("ours, theirs", [
    (lambda: Adadelta(learning_rate=1.0, rho=0.9, epsilon=1e-6), lambda torch, p: torch.optim.Adadelta(
        p, lr=1.0, rho=0.9, eps=1e-6)),
    # torch's NAdam with momentum_decay=1 uses Keras's schedule beta_1 * (1 - 0.5 * 0.96**t)
    (lambda: Nadam(learning_rate=0.01), lambda torch, p: torch.optim.NAdam(p, lr=0.01, eps=1e-7, momentum_decay=1.0)),
    # torch adds epsilon inside the max, Keras after it: equal to float32 precision here
    (lambda: Adamax(learning_rate=0.01), lambda torch, p: torch.optim.Adamax(p, lr=0.01, eps=1e-7)),
], ids=["adadelta", "nadam", "adamax"])
def test_ten_steps_match_torch(ours, theirs):
    torch = pytest.importorskip("torch")
    weights, grads = make_problem(3)
    variables = run_axon(ours(), weights, grads)
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    opt = theirs(torch, params)
    for step in grads:
        for p, g in zip(params, step):
            p.grad = torch.tensor(g)
        opt.step()
    for var, p in zip(variables, params):
        np.testing.assert_allclose(var.numpy(), p.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cls", [Nadam, Adamax, Adadelta, Lion])
def test_names_config_and_state_round_trip(cls):
    opt = axon.optimizers.get(cls.__name__.lower())
    assert type(opt) is cls
    assert type(axon.optimizers.deserialize(axon.optimizers.serialize(opt))) is cls
    weights, grads = make_problem(4)
    first = cls(learning_rate=0.01)
    variables = run_axon(first, weights, grads[:5])
    copies = [axon.Variable(v.numpy(), name=v.name) for v in variables]
    resumed = cls(learning_rate=0.01)
    resumed.set_state(first.get_state())
    for step in grads[5:]:
        first.apply_gradients(zip(step, variables))
        resumed.apply_gradients(zip(step, copies))
    straight = run_axon(cls(learning_rate=0.01), weights, grads)
    for a, b, c in zip(variables, copies, straight):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        np.testing.assert_allclose(a.numpy(), c.numpy(), rtol=1e-6, atol=1e-7)


def test_bad_hyperparameters_are_refused():
    with pytest.raises(ValueError, match="beta_1"):
        Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="rho"):
        Adadelta(rho=1.5)
    with pytest.raises(ValueError, match="Did you mean 'nadam'"):
        axon.optimizers.get("nadm")


@pytest.mark.parametrize("name", ["nadam", "adamax", "adadelta", "lion"])
def test_fit_lowers_the_loss(name):
    axon.random.set_seed(0)
    gen = np.random.default_rng(0)
    x = gen.standard_normal((128, 4)).astype(np.float32)
    y = x @ gen.standard_normal((4, 1)).astype(np.float32)
    model = axon.models.Sequential([axon.layers.Input((4,)), axon.layers.Dense(1)])
    lr = {"adadelta": 1.0, "lion": 0.02}.get(name, 0.01)
    model.compile(optimizer=axon.optimizers.get({"class_name": name, "config": {"learning_rate": lr}}), loss="mse")
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0)
    # Adadelta's first steps are small (sqrt(epsilon) scaled): it only has to go down steadily
    losses = history.history["loss"]
    assert losses[-1] < (0.95 if name == "adadelta" else 0.7) * losses[0], losses
