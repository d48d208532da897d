"""The rest of keras.metrics (and the losses they average): results after two batches,
with and without sample weights, against real Keras 3 (one reference call for the
module); the new losses' gradients by float64 finite differences; names and configs."""

import re

import numpy as np
import pytest

import axon
from axon import losses, metrics
from tests.ops.helpers import check_op
from tests.reference import run_reference

GEN = np.random.default_rng(0)
N, C = 12, 5
REG_TRUE = GEN.uniform(0.1, 3.0, (2, N, C)).astype(np.float32)
REG_PRED = GEN.uniform(0.1, 3.0, (2, N, C)).astype(np.float32)
PROB_TRUE = np.eye(C, dtype=np.float32)[GEN.integers(0, C, (2, N))]
PROB_PRED = GEN.dirichlet(np.ones(C), (2, N)).astype(np.float32)
IDS = GEN.integers(0, C, (2, N))
BIN_TRUE = GEN.integers(0, 2, (2, N, 3)).astype(np.float32)
BIN_PRED = GEN.uniform(0.0, 1.0, (2, N, 3)).astype(np.float32)
SEG_TRUE = GEN.integers(0, 4, (2, N, 6))
SEG_PRED = GEN.integers(0, 4, (2, N, 6))
WEIGHTS = GEN.uniform(0.0, 2.0, (2, N)).astype(np.float32)

# (class name, kwargs, data kind)
CASES = [
    ("MeanAbsolutePercentageError", {}, "reg"),
    ("MeanSquaredLogarithmicError", {}, "reg"),
    ("LogCoshError", {}, "reg"),
    ("CosineSimilarity", {}, "reg"),
    ("Poisson", {}, "reg"),
    ("KLDivergence", {}, "prob"),
    ("BinaryCrossentropy", {}, "bin"),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}, "bin"),
    ("CategoricalCrossentropy", {}, "prob"),
    ("SparseCategoricalCrossentropy", {}, "ids"),
    ("Hinge", {}, "bin"),
    ("SquaredHinge", {}, "bin"),
    ("CategoricalHinge", {}, "prob"),
    ("TopKCategoricalAccuracy", {"k": 2}, "prob"),
    ("TopKCategoricalAccuracy", {}, "prob"),
    ("SparseTopKCategoricalAccuracy", {"k": 3}, "ids"),
    ("IoU", {"num_classes": 4, "target_class_ids": [0, 2]}, "seg"),
    ("MeanIoU", {"num_classes": 4}, "seg"),
    ("BinaryIoU", {"target_class_ids": [0, 1], "threshold": 0.3}, "binseg"),
    ("OneHotIoU", {"num_classes": 5, "target_class_ids": [1, 3]}, "prob"),
    ("OneHotMeanIoU", {"num_classes": 5}, "prob"),
]


def data(kind):
    return {"reg": (REG_TRUE, REG_PRED), "prob": (PROB_TRUE, PROB_PRED), "ids": (IDS, PROB_PRED),
            "bin": (BIN_TRUE, BIN_PRED), "seg": (SEG_TRUE, SEG_PRED), "binseg": (BIN_TRUE, BIN_PRED)}[kind]


@pytest.fixture(scope="module")
def keras_results():
    arrays = {"w": WEIGHTS}
    for kind in ("reg", "prob", "ids", "bin", "seg", "binseg"):
        arrays[f"{kind}_t"], arrays[f"{kind}_p"] = data(kind)
    script = f"""
import keras
for k, (name, kwargs, kind) in enumerate({CASES!r}):
    for weighted in (False, True):
        m = getattr(keras.metrics, name)(**kwargs)
        for b in range(2):
            w = inputs["w"][b] if weighted else None
            if w is not None and name.endswith("IoU"):  # Keras's IoU counts in ints: whole weights
                w = np.floor(w)
                w = np.repeat(w[:, None], np.prod(inputs[kind + "_t"][b].shape[1:]) if kind != "prob" else 1, 1)
            m.update_state(inputs[kind + "_t"][b], inputs[kind + "_p"][b], sample_weight=w)
        outputs[f"{{k}}_{{int(weighted)}}"] = np.asarray(keras.ops.convert_to_numpy(m.result()))
    outputs[f"name{{k}}"] = np.array(m.name)
"""
    return run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
@pytest.mark.parametrize("weighted", [False, True])
def test_results_match_keras(keras_results, k, weighted):
    name, kwargs, kind = CASES[k]
    m = getattr(metrics, name)(**kwargs)
    y_true, y_pred = data(kind)
    for b in range(2):
        w = WEIGHTS[b] if weighted else None
        if w is not None and name.endswith("IoU"):
            w = np.floor(w)
            if kind != "prob":
                w = np.repeat(w[:, None], np.prod(y_true[b].shape[1:]), 1)
        m.update_state(y_true[b], y_pred[b], sample_weight=w)
    np.testing.assert_allclose(float(m.result()), keras_results[f"{k}_{int(weighted)}"], rtol=2e-5, atol=1e-6)
    assert m.name == re.sub(r"_\d+$", "", str(keras_results[f"name{k}"]))  # Keras numbers repeated default names
    again = type(m).from_config(m.get_config())
    assert again.get_config() == m.get_config()
    m.reset_state()
    assert float(m.result()) == 0.0


@pytest.mark.parametrize("fn, low, high", [
    (losses.mean_absolute_percentage_error, 0.5, 2.0),
    (losses.mean_squared_logarithmic_error, 0.1, 2.0),
    (losses.log_cosh, -3.0, 3.0),
    (losses.cosine_similarity, -1.0, 1.0),
    (losses.poisson, 0.1, 2.0),
    (losses.kl_divergence, 0.05, 0.95),
])
def test_new_losses_have_right_gradients(fn, low, high):
    check_op([(4, 3), (4, 3)], lambda t, p: fn(t, p), None, low=low, high=high)


def test_loss_classes_names_and_compile():
    assert losses.get("mape") is losses.mean_absolute_percentage_error
    assert isinstance(losses.get("KLDivergence"), losses.KLDivergence)
    assert losses.LogCosh()(np.zeros((2, 3)), np.full((2, 3), 100.0, np.float32)).item() == pytest.approx(
        100 - np.log(2), rel=1e-6)  # no overflow for large errors
    model = axon.models.Sequential([axon.layers.Input((4,)), axon.layers.Dense(3, activation="softplus")])
    model.compile("adam", loss="poisson", metrics=["mape", "msle", "cosine_similarity", "top_k_categorical_accuracy",
                                                   metrics.MeanIoU(num_classes=3, sparse_y_true=False,
                                                                   sparse_y_pred=False)])
    history = model.fit(GEN.standard_normal((16, 4)), GEN.uniform(0.1, 1, (16, 3)), epochs=2, verbose=0)
    assert {"mape", "msle", "cosine_similarity", "top_k_categorical_accuracy", "mean_io_u"} <= set(history.history)


def test_errors():
    with pytest.raises(ValueError, match="`k` must be a positive int"):
        metrics.TopKCategoricalAccuracy(k=0)
    with pytest.raises(ValueError, match="target_class_ids"):
        metrics.IoU(num_classes=2, target_class_ids=[2])
    with pytest.raises(ValueError, match="class ids must lie"):
        metrics.SparseTopKCategoricalAccuracy(k=1).update_state([7], [[0.2, 0.8]])
