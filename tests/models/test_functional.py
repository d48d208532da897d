"""Functional models: several inputs and outputs, a shared layer, dict inputs and outputs, loss weights."""

import numpy as np
import pytest

import axon
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.layers.merge import Concatenate
from axon.models import Model


def two_branch_model():
    """Two inputs through one shared Dense, merged, two heads."""
    axon.random.set_seed(0)
    left, right = Input(shape=(3,), name="left"), Input(shape=(3,), name="right")
    shared = Dense(4, activation="relu", name="shared")
    merged = Concatenate(name="merge")([shared(left), shared(right)])
    score = Dense(1, activation="sigmoid", name="score")(merged)
    kind = Dense(3, activation="softmax", name="kind")(merged)
    return Model([left, right], [score, kind]), shared


def data(n=24, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(n, 3)).astype(np.float32), rng.normal(size=(n, 3)).astype(np.float32)
    score = (a[:, :1] > b[:, :1]).astype(np.float32)
    kind = rng.integers(0, 3, n)
    return a, b, score, kind


def test_a_shared_layer_has_one_set_of_weights_used_by_both_branches():
    model, shared = two_branch_model()
    assert [layer.name for layer in model.layers] == ["left", "right", "shared", "merge", "score", "kind"]
    assert model.count_params() == (3 * 4 + 4) + (8 + 1) + (8 * 3 + 3)
    a, b, _, _ = data(5)
    score, kind = model([a, b], training=False)
    kernel, bias = shared.get_weights()
    hidden = np.concatenate([np.maximum(a @ kernel + bias, 0), np.maximum(b @ kernel + bias, 0)], axis=1)
    w, c = model.get_layer("score").get_weights()
    np.testing.assert_allclose(score.numpy(), 1 / (1 + np.exp(-(hidden @ w + c))), rtol=1e-5)
    assert kind.shape == (5, 3)


def test_several_outputs_train_with_per_output_losses_and_metrics():
    model, _ = two_branch_model()
    model.compile(optimizer="adam", loss=["binary_crossentropy", "sparse_categorical_crossentropy"],
                  metrics=[["accuracy"], ["accuracy"]])
    a, b, score, kind = data()
    history = model.fit([a, b], [score, kind], epochs=2, validation_split=0.25, verbose=0)
    keys = {"loss", "score_loss", "kind_loss", "score_accuracy", "kind_accuracy"}
    assert set(history.history) == keys | {f"val_{k}" for k in keys}
    result = model.evaluate([a, b], [score, kind], verbose=0, return_dict=True)
    assert abs(result["loss"] - (result["score_loss"] + result["kind_loss"])) < 1e-5
    assert model.metrics_names[:3] == ["loss", "score_loss", "kind_loss"]
    predictions = model.predict([a, b], verbose=0)
    assert isinstance(predictions, list) and [p.shape for p in predictions] == [(24, 1), (24, 3)]


def test_loss_weights_weigh_the_outputs_in_the_total():
    model, _ = two_branch_model()
    model.compile(optimizer="sgd", loss={"score": "binary_crossentropy", "kind": "sparse_categorical_crossentropy"},
                  loss_weights={"score": 2.0, "kind": 0.5})
    a, b, score, kind = data()
    result = model.evaluate([a, b], {"score": score, "kind": kind}, verbose=0, return_dict=True)
    assert abs(result["loss"] - (2.0 * result["score_loss"] + 0.5 * result["kind_loss"])) < 1e-5


def test_dict_inputs_and_outputs_are_matched_by_key():
    axon.random.set_seed(0)
    inputs = {"age": Input(shape=(1,), name="age_in"), "scores": Input(shape=(4,), name="scores_in")}
    merged = Concatenate()([inputs["age"], inputs["scores"]])
    outputs = {"risk": Dense(1, activation="sigmoid")(merged), "grade": Dense(3, activation="softmax")(merged)}
    model = Model(inputs, outputs)
    assert model.input_names == ["age", "scores"] and model.output_names == ["risk", "grade"]
    rng = np.random.default_rng(0)
    x = {"scores": rng.normal(size=(16, 4)).astype(np.float32), "age": rng.normal(size=(16, 1)).astype(np.float32)}
    y = {"grade": rng.integers(0, 3, 16), "risk": (x["age"] > 0).astype(np.float32)}
    out = model(x)
    assert set(out) == {"risk", "grade"} and out["grade"].shape == (16, 3)
    model.compile(optimizer="adam", loss={"risk": "binary_crossentropy", "grade": "sparse_categorical_crossentropy"},
                  metrics={"risk": ["accuracy"]})
    history = model.fit(x, y, epochs=2, verbose=0)
    assert set(history.history) == {"loss", "risk_loss", "grade_loss", "risk_accuracy"}
    with pytest.raises(ValueError, match=r"Missing input\(s\) \['scores'\]"):
        model.predict({"age": x["age"]}, verbose=0)
    with pytest.raises(ValueError, match=r"Unknown output name\(s\) \['riks'\]"):
        model.fit(x, {"riks": y["risk"], "grade": y["grade"]}, verbose=0)


def test_the_graph_must_reach_the_given_inputs():
    used, unused = Input(shape=(2,)), Input(shape=(2,))
    out = Dense(1)(used)
    with pytest.raises(ValueError, match="not among the model's inputs"):
        Model(unused, out)
    with pytest.raises(ValueError, match="both `inputs` and `outputs`"):
        Model(inputs=used)


def test_a_wrongly_shaped_input_is_refused_with_both_shapes():
    inputs = Input(shape=(3,), name="features")
    model = Model(inputs, Dense(1)(inputs))
    with pytest.raises(ValueError, match=r"'features'.*expected shape \(None, 3\), received shape \(None, 4\)"):
        model.predict(np.zeros((2, 4), np.float32), verbose=0)
    with pytest.raises(ValueError, match=r"layer 'features'.*expected shape \(None, 3\), received shape \(2, 4\)"):
        model(np.zeros((2, 4), np.float32))


def test_a_functional_model_is_usable_as_a_layer():
    inputs = Input(shape=(3,))
    inner = Model(inputs, Dense(2, name="inner_dense")(inputs), name="inner")
    outer_in = Input(shape=(3,))
    outer = Model(outer_in, Dense(1)(inner(outer_in)))
    assert outer.count_params() == 8 + 3
    x = np.ones((4, 3), np.float32)
    np.testing.assert_allclose(outer.predict(x, verbose=0), outer.layers[-1](inner(x)).numpy(), rtol=1e-6)
