"""grid_search: the grid, picking the best candidate, the result table, refitting."""

import numpy as np
import pytest

from axon import layers, optimizers
from axon.model_selection.search import GridSearchResult, grid_search, parameter_grid
from axon.models import Sequential

RNG = np.random.default_rng(0)
X = RNG.normal(size=(200, 2)).astype("float32")
Y = (X[:, 0] * X[:, 1] > 0).astype(int)  # XOR of the signs: no linear boundary


def build(units=16, learning_rate=0.05, metrics=("accuracy",)):
    model = Sequential([layers.Input(shape=(2,)), layers.Dense(units, activation="relu"),
                        layers.Dense(2, activation="softmax")])
    model.compile(optimizer=optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=list(metrics))
    return model


FIT = {"epochs": 30, "batch_size": 32}


def test_parameter_grid_lists_every_combination_in_order():
    assert parameter_grid({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]
    assert parameter_grid([{"a": [1]}, {"b": range(2)}]) == [{"a": 1}, {"b": 0}, {"b": 1}]
    with pytest.raises(ValueError, match=r"param_grid\['a'\]"):
        parameter_grid({"a": 3})


def test_grid_search_on_validation_data_prefers_a_hidden_layer_wide_enough_for_xor(capsys):
    search = grid_search(build, {"units": [1, 32]}, X[:150], Y[:150], validation_data=(X[150:], Y[150:]),
                         fit_kwargs=FIT, seed=0)
    assert isinstance(search, GridSearchResult)
    assert search.best_params == {"units": 32}
    assert search.metric == "val_accuracy" and search.mode == "max"
    assert search.best_score == search.results[1]["scores"]["val_accuracy"] > 0.85
    assert [r["params"] for r in search.results] == [{"units": 1}, {"units": 32}]
    assert [r["rank"] for r in search.results] == [2, 1]
    assert search.best_model is None
    assert capsys.readouterr().out.count("[grid_search] candidate") == 2
    table = str(search).splitlines()
    assert "units" in table[1] and "val_accuracy" in table[1]
    assert table[-1].startswith("*")


def test_grid_search_with_cv_and_a_learning_rate_of_zero():
    search = grid_search(build, {"learning_rate": [0.0, 0.05]}, X, Y, cv=3, fit_kwargs=FIT, metric="val_loss",
                         seed=0, verbose=0)
    assert search.best_params == {"learning_rate": 0.05}
    assert search.mode == "min"
    first = search.results[0]
    assert len(first["folds"]) == 3
    assert first["scores"]["val_loss"] == pytest.approx(np.mean([f["val_loss"] for f in first["folds"]]))
    assert first["std"]["val_loss"] == pytest.approx(np.std([f["val_loss"] for f in first["folds"]]))
    assert "val_loss std" in str(search)


def test_grid_search_defaults_to_val_loss_without_metrics_and_refits_on_everything(capsys):
    search = grid_search(build, {"units": [1, 32], "metrics": [()]}, X[:150], Y[:150],
                         validation_data=(X[150:], Y[150:]), fit_kwargs=FIT, refit=True, seed=0)
    assert search.metric == "val_loss" and search.best_params["units"] == 32
    assert search.best_model.layers[0].units == 32
    assert "refit {'units': 32, 'metrics': ()} on 200 samples" in capsys.readouterr().out
    probabilities = search.best_model.predict(X, verbose=0)
    assert np.mean(probabilities.argmax(axis=1) == Y) > 0.85


def test_grid_search_holds_out_data_when_given_no_validation_and_is_reproducible():
    kwargs = {"fit_kwargs": {"epochs": 2}, "seed": 3, "verbose": 0}
    a = grid_search(build, {"units": [2, 4]}, X, Y, **kwargs)
    b = grid_search(build, {"units": [2, 4]}, X, Y, **kwargs)
    assert [r["scores"]["val_loss"] for r in a.results] == [r["scores"]["val_loss"] for r in b.results]


def test_grid_search_rejects_unknown_metrics_and_two_validation_sources():
    with pytest.raises(ValueError, match="metric='val_auc'"):
        grid_search(build, {"units": [2]}, X, Y, metric="val_auc", fit_kwargs={"epochs": 1}, verbose=0)
    with pytest.raises(ValueError, match="either validation_data or cv"):
        grid_search(build, {"units": [2]}, X, Y, validation_data=(X, Y), cv=2, verbose=0)
