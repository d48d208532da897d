"""Ten steps against PyTorch where its formulas coincide with Keras's.

They coincide for SGD (with or without (Nesterov) momentum, no weight decay: Keras's
velocity is -lr times PyTorch's buffer at a constant rate), and for Adam, AdamW
(decoupled decay ``w *= 1 - lr * wd`` in both), AMSGrad, RMSprop (plain, momentum,
centered) and Adagrad only with ``epsilon=0``: Keras adds epsilon to the uncorrected
``sqrt(v)`` (Adam) or inside the square root (RMSprop, Adagrad), PyTorch to the
bias-corrected ``sqrt(v_hat)`` or outside the root, so the results differ slightly
for any epsilon > 0.
"""

import numpy as np
import pytest

from axon.optimizers.adagrad import Adagrad
from axon.optimizers.adam import Adam, AdamW
from axon.optimizers.rmsprop import RMSprop
from axon.optimizers.sgd import SGD
from tests.optimizers.test_updates import make_problem, run_axon

torch = pytest.importorskip("torch")

CASES = [
    (SGD, {"learning_rate": 0.1}, torch.optim.SGD, {"lr": 0.1}),
    (SGD, {"learning_rate": 0.05, "momentum": 0.9}, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    (SGD, {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}, torch.optim.SGD,
     {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    (Adam, {"learning_rate": 0.01, "epsilon": 0.0}, torch.optim.Adam, {"lr": 0.01, "eps": 0.0}),
    (Adam, {"learning_rate": 0.01, "epsilon": 0.0, "amsgrad": True}, torch.optim.Adam,
     {"lr": 0.01, "eps": 0.0, "amsgrad": True}),
    (AdamW, {"learning_rate": 0.01, "weight_decay": 0.1, "epsilon": 0.0}, torch.optim.AdamW,
     {"lr": 0.01, "weight_decay": 0.1, "eps": 0.0}),
    (RMSprop, {"learning_rate": 0.01, "epsilon": 0.0}, torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "eps": 0.0}),
    (RMSprop, {"learning_rate": 0.01, "epsilon": 0.0, "momentum": 0.5, "centered": True}, torch.optim.RMSprop,
     {"lr": 0.01, "alpha": 0.9, "eps": 0.0, "momentum": 0.5, "centered": True}),
    (Adagrad, {"learning_rate": 0.1, "epsilon": 0.0}, torch.optim.Adagrad,
     {"lr": 0.1, "eps": 0.0, "initial_accumulator_value": 0.1}),
]


@pytest.mark.parametrize("cls, config, torch_cls, torch_config", CASES,
                         ids=["sgd", "momentum", "nesterov", "adam", "amsgrad", "adamw", "rmsprop",
                              "rmsprop-centered", "adagrad"])
def test_ten_steps_match_pytorch(cls, config, torch_cls, torch_config):
    weights, grads = make_problem(11)
    variables = run_axon(cls(**config), weights, grads)
    params = [torch.tensor(w.copy(), requires_grad=True) for w in weights]
    opt = torch_cls(params, **torch_config)
    for step in grads:
        for p, g in zip(params, step):
            p.grad = torch.tensor(g)
        opt.step()
    for var, p in zip(variables, params):
        np.testing.assert_allclose(var.numpy(), p.detach().numpy(), rtol=1e-4, atol=1e-6)
