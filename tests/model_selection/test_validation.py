"""cross_validate and learning_curve on small problems."""

import numpy as np
import pytest

from axon import layers, optimizers
from axon.model_selection.split import KFold, LeaveOneOut
from axon.model_selection.validation import (
    CrossValidationResult,
    LearningCurveResult,
    cross_validate,
    fit_and_score,
    learning_curve,
)
from axon.models import Model, Sequential

RNG = np.random.default_rng(0)
X_LIN = RNG.normal(size=(60, 3)).astype("float32")
Y_LIN = (X_LIN @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * RNG.normal(size=60)).astype("float32")


def build_linear(learning_rate=0.1):
    model = Sequential([layers.Input(shape=(3,)), layers.Dense(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate), loss="mse", metrics=["mae"])
    return model


FIT = {"epochs": 40, "batch_size": 16}


def test_cross_validate_returns_per_fold_scores_with_mean_and_std(capsys):
    result = cross_validate(build_linear, X_LIN, Y_LIN, cv=4, fit_kwargs=FIT, seed=0)
    assert isinstance(result, CrossValidationResult)
    assert len(result.folds) == 4
    assert [f["fold"] for f in result.folds] == [1, 2, 3, 4]
    assert sum(f["n_val"] for f in result.folds) == 60
    assert {"loss", "mae", "val_loss", "val_mae", "fit_time"} <= set(result)
    assert result["val_loss"].shape == (4,)
    assert result.mean["val_loss"] == pytest.approx(np.mean(result["val_loss"]))
    assert result.std["val_mae"] == pytest.approx(np.std(result["val_mae"]))
    # The noise has variance 0.01: a fitted linear model's validation error is close to it.
    assert result.mean["val_loss"] < 0.05
    out = capsys.readouterr().out
    assert out.count("[cross_validate] fold") == 4
    table = str(result)
    assert "mean" in table and "std" in table and "val_mae" in table


def test_cross_validate_is_reproducible_with_a_seed_and_quiet_with_verbose_0(capsys):
    a = cross_validate(build_linear, X_LIN, Y_LIN, cv=3, fit_kwargs=FIT, seed=7, verbose=0)
    b = cross_validate(build_linear, X_LIN, Y_LIN, cv=3, fit_kwargs=FIT, seed=7, verbose=0)
    np.testing.assert_array_equal(a["val_loss"], b["val_loss"])
    assert capsys.readouterr().out == ""


def test_cross_validate_accepts_axon_and_sklearn_splitters():
    sk = pytest.importorskip("sklearn.model_selection")
    ours = cross_validate(build_linear, X_LIN, Y_LIN, cv=KFold(3), fit_kwargs=FIT, seed=0, verbose=0)
    theirs = cross_validate(build_linear, X_LIN, Y_LIN, cv=sk.KFold(3), fit_kwargs=FIT, seed=0, verbose=0)
    np.testing.assert_allclose(ours["val_loss"], theirs["val_loss"], rtol=1e-6)
    loo = cross_validate(build_linear, X_LIN[:8], Y_LIN[:8], cv=LeaveOneOut(), fit_kwargs={"epochs": 2}, verbose=0)
    assert len(loo.folds) == 8 and all(f["n_val"] == 1 for f in loo.folds)


def test_cross_validate_passes_params_and_handles_several_inputs():
    def build(units):
        a, b = layers.Input(shape=(2,)), layers.Input(shape=(1,))
        h = layers.Dense(units, activation="relu")(layers.Concatenate()([a, b]))
        model = Model([a, b], layers.Dense(1)(h))
        model.compile(optimizer="adam", loss="mse")
        return model

    result = cross_validate(build, [X_LIN[:, :2], X_LIN[:, 2:]], Y_LIN, cv=2, fit_kwargs={"epochs": 1},
                            params={"units": 4}, verbose=0)
    assert len(result.folds) == 2 and set(result) == {"loss", "val_loss", "fit_time"}


def test_fit_and_score_needs_a_compiled_model():
    def uncompiled():
        return Sequential([layers.Input(shape=(3,)), layers.Dense(1)])

    with pytest.raises(TypeError, match="compiled"):
        fit_and_score(uncompiled, {}, (X_LIN, Y_LIN))


def _noisy_xor(n=300, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)).astype("float32")
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    flip = rng.random(n) < 0.15
    y[flip] = 1 - y[flip]
    return x, y


def build_mlp(units=64):
    model = Sequential([layers.Input(shape=(2,)), layers.Dense(units, activation="relu"),
                        layers.Dense(units, activation="relu"), layers.Dense(2, activation="softmax")])
    model.compile(optimizer=optimizers.Adam(0.02), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_learning_curve_shapes_and_the_trends_of_an_overfitting_model(capsys):
    x, y = _noisy_xor()
    result = learning_curve(build_mlp, x, y, train_sizes=[10, 60, 200], cv=3, metric="accuracy",
                            fit_kwargs={"epochs": 60, "batch_size": 16}, seed=0)
    assert isinstance(result, LearningCurveResult)
    assert result.train_sizes.tolist() == [10, 60, 200] and result.train_sizes.dtype.kind == "i"
    assert result.train_scores.shape == result.val_scores.shape == (3, 3)
    assert result.metric == result["metric"] == "accuracy"
    np.testing.assert_allclose(result["train_mean"], result.train_scores.mean(axis=1))
    np.testing.assert_allclose(result.val_mean, result.val_scores.mean(axis=1))
    # A big model memorises a few noisy samples but not many: training accuracy falls, validation rises.
    assert result.train_mean[0] > result.train_mean[1] > result.train_mean[2]
    assert result.val_mean[0] < result.val_mean[2]
    assert result.train_mean[0] - result.val_mean[0] > result.train_mean[2] - result.val_mean[2]
    assert capsys.readouterr().out.count("[learning_curve] size") == 3
    assert "train mean" in str(result) and "accuracy" in str(result)


def test_learning_curve_fractions_become_sizes_of_the_smallest_training_fold():
    x, y = _noisy_xor(40)
    result = learning_curve(build_mlp, x, y, train_sizes=(0.25, 0.5, 1.0), cv=4, fit_kwargs={"epochs": 1},
                            verbose=0, params={"units": 2})
    assert result.train_sizes.tolist() == [7, 15, 30]
    assert result.val_scores.shape == (3, 4)
    assert result.metric == "loss"


def test_learning_curve_rejects_unknown_metrics_and_bad_sizes():
    x, y = _noisy_xor(20)
    with pytest.raises(ValueError, match="metric='auc'"):
        learning_curve(build_mlp, x, y, cv=2, metric="auc", fit_kwargs={"epochs": 1}, verbose=0)
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        learning_curve(build_mlp, x, y, train_sizes=[0.0, 0.5], cv=2, verbose=0)
    with pytest.raises(ValueError, match=r"\[1, 10\]"):
        learning_curve(build_mlp, x, y, train_sizes=[5, 11], cv=2, verbose=0)
