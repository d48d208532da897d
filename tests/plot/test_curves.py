"""axon.plot.history and axon.plot.learning_curve."""

import types

import numpy as np
import pytest

import axon
from axon.keras import layers, models
from axon.plot.curves import history, learning_curve
from tests.plot.conftest import assert_png


def fitted_history():
    axon.random.set_seed(0)
    model = models.Sequential([layers.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(40, 4))
    y = (x[:, 0] > 0).astype(int)
    return model, model.fit(x, y, epochs=3, validation_split=0.25, verbose=0)


def test_history_draws_training_solid_and_validation_dashed(tmp_path):
    _, hist = fitted_history()
    fig = history(hist, path=tmp_path / "h.png")
    assert_png(tmp_path / "h.png")
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_ylabel() == "loss" and acc_ax.get_ylabel() == "accuracy"
    train, val = loss_ax.get_lines()
    assert train.get_linestyle() == "-" and val.get_linestyle() == "--"
    assert train.get_color() == val.get_color()
    np.testing.assert_allclose(val.get_ydata(), hist.history["val_loss"])
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])


def test_history_accepts_a_dict_a_fitted_model_and_a_metric_subset(tmp_path):
    model, hist = fitted_history()
    assert len(history(model).axes) == 2
    fig = history({"loss": [3, 2, 1], "learning_rate": [0.1] * 3}, metrics=None)
    assert len(fig.axes) == 1  # the learning rate is not a curve to compare
    assert len(history(hist.history, metrics="accuracy").axes) == 1
    with pytest.raises(ValueError, match="No values for \\['auc'\\]"):
        history(hist, metrics=["auc"])
    with pytest.raises(TypeError, match="History"):
        history([1, 2, 3])


@pytest.mark.parametrize("as_object", [False, True])
def test_learning_curve_draws_means_with_std_bands(tmp_path, as_object):
    train = np.array([[1.0, 0.9, 0.95], [0.9, 0.92, 0.94], [0.9, 0.9, 0.9]])
    val = np.array([[0.5, 0.6, 0.7], [0.7, 0.75, 0.8], [0.85, 0.8, 0.9]])
    result = {"train_sizes": [10, 20, 40], "train_scores": train, "val_scores": val, "metric": "accuracy"}
    if as_object:
        result = types.SimpleNamespace(**result)
    fig = learning_curve(result, path=tmp_path / "lc.png")
    assert_png(tmp_path / "lc.png")
    ax = fig.axes[0]
    means = [line.get_ydata() for line in ax.get_lines()]
    np.testing.assert_allclose(means[0], train.mean(axis=1))
    np.testing.assert_allclose(means[1], val.mean(axis=1))
    band = ax.collections[1].get_paths()[0].vertices[:, 1]
    np.testing.assert_allclose(band.max(), (val.mean(axis=1) + val.std(axis=1)).max())
    assert ax.get_ylabel() == "accuracy" and ax.get_xlabel() == "training samples"


def test_learning_curve_names_a_missing_field():
    with pytest.raises(ValueError, match="val_scores"):
        learning_curve({"train_sizes": [1], "train_scores": [[1.0]], "metric": "acc"})


def test_a_one_epoch_history_draws_markers_and_whole_epochs():
    fig = history({"loss": [0.5], "val_loss": [0.6]})
    ax = fig.axes[0]
    for line in ax.get_lines():
        assert line.get_marker() == "o" and line.get_markersize() > 0
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    fig = history({"loss": list(np.linspace(1, 0.1, 7))})
    ticks = fig.axes[0].get_xticks()
    assert all(float(t).is_integer() for t in ticks), ticks


def test_in_a_notebook_the_returned_figure_is_not_also_kept_by_pyplot(monkeypatch):
    import matplotlib.pyplot as plt

    from axon.plot import _figure

    fig = history({"loss": [0.5, 0.4]})
    assert plt.fignum_exists(fig.number)  # a script shows it with plt.show()
    monkeypatch.setattr(_figure, "in_inline_notebook", lambda: True)
    fig = history({"loss": [0.5, 0.4]})
    # Only the cell's value displays it: pyplot's end-of-cell display of open figures would show it again.
    assert not plt.fignum_exists(fig.number)
