"""SKLearnClassifier / SKLearnRegressor as scikit-learn estimators, in scikit-learn's own tools."""

import pickle
import subprocess
import sys

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.ensemble import BaggingClassifier  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score, learning_curve, train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from axon import layers, optimizers  # noqa: E402
from axon.applications.mlp import MLP  # noqa: E402
from axon.models import Sequential  # noqa: E402
from axon.wrappers.sklearn import SKLearnClassifier, SKLearnRegressor  # noqa: E402

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
X_DIGITS = X_DIGITS / 16.0
X_TRAIN, X_TEST, Y_TRAIN, Y_TEST = train_test_split(X_DIGITS, Y_DIGITS, test_size=0.25, random_state=0,
                                                    stratify=Y_DIGITS)


def build_mlp(hidden=32, learning_rate=0.01, n_features_in=64, n_classes=10):
    model = Sequential([layers.Input(shape=(n_features_in,)), layers.Dense(hidden, activation="relu"),
                        layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer=optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def build_linear(n_features_in, n_outputs=1):
    model = Sequential([layers.Input(shape=(n_features_in,)), layers.Dense(n_outputs)])
    model.compile(optimizer=optimizers.Adam(0.05), loss="mse")
    return model


def classifier(**kwargs):
    return SKLearnClassifier(build_mlp, **{"epochs": 10, "hidden": 32, **kwargs})


def test_import_axon_loads_no_sklearn():
    code = "import sys, axon, axon.model_selection; assert 'sklearn' not in sys.modules, 'sklearn was imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_params_round_trip_through_get_params_set_params_and_clone():
    clf = SKLearnClassifier(build_mlp, epochs=3, batch_size=16, hidden=8, learning_rate=0.1)
    params = clf.get_params()
    assert params["hidden"] == 8 and params["learning_rate"] == 0.1 and params["epochs"] == 3
    assert params["build_fn"] is build_mlp and params["validation_split"] == 0.0
    copy = clone(clf)
    assert copy is not clf and copy.get_params() == params
    copy.set_params(hidden=64, epochs=5)
    assert (copy.hidden, copy.epochs, clf.hidden) == (64, 5, 8)
    copy.set_params(n_classes=10)  # a new build_fn argument
    assert clone(copy).get_params()["n_classes"] == 10
    assert "hidden=8" in repr(clf)


def test_set_params_rejects_names_build_fn_does_not_take():
    with pytest.raises(ValueError, match="Invalid parameter 'units'"):
        classifier().set_params(units=3)


def test_classifier_learns_digits():
    clf = classifier(seed=0).fit(X_TRAIN, Y_TRAIN)
    assert clf.n_features_in_ == 64 and clf.classes_.tolist() == list(range(10))
    proba = clf.predict_proba(X_TEST)
    assert proba.shape == (len(X_TEST), 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(clf.predict(X_TEST), proba.argmax(axis=1))
    assert clf.score(X_TEST, Y_TEST) > 0.9
    assert len(clf.history_["loss"]) == 10


def test_seed_makes_fits_identical():
    a = classifier(seed=1, epochs=2).fit(X_TRAIN, Y_TRAIN).predict_proba(X_TEST)
    b = classifier(seed=1, epochs=2).fit(X_TRAIN, Y_TRAIN).predict_proba(X_TEST)
    np.testing.assert_array_equal(a, b)


def test_string_labels_come_back_as_strings():
    names = np.array(["zero", "one", "two"])
    y = names[Y_TRAIN % 3]
    clf = classifier(n_classes=3, seed=0).fit(X_TRAIN, y)
    assert clf.classes_.tolist() == ["one", "two", "zero"]
    predictions = clf.predict(X_TEST)
    assert predictions.dtype.kind == "U" and set(predictions) <= set(names)
    assert clf.score(X_TEST, names[Y_TEST % 3]) > 0.8


def test_binary_sigmoid_and_one_hot_categorical_models():
    y = np.where(Y_TRAIN < 5, "low", "high")

    def sigmoid_model(n_features_in):
        model = Sequential([layers.Input(shape=(n_features_in,)), layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=optimizers.Adam(0.05), loss="binary_crossentropy")
        return model

    def categorical_model(n_features_in, n_classes):
        model = build_mlp(n_features_in=n_features_in, n_classes=n_classes)
        model.compile(optimizer=optimizers.Adam(0.01), loss="categorical_crossentropy")
        return model

    for build in (sigmoid_model, categorical_model):
        clf = SKLearnClassifier(build, epochs=10, seed=0).fit(X_TRAIN, y)
        assert clf.predict_proba(X_TEST).shape == (len(X_TEST), 2)
        assert clf.score(X_TEST, np.where(Y_TEST < 5, "low", "high")) > 0.8


def test_an_uncompiled_model_is_compiled_for_classification():
    clf = SKLearnClassifier(MLP, epochs=10, hidden=(32,), seed=0)  # MLP takes input_shape, not n_features_in
    clf.set_params(input_shape=(64,))
    assert clf.fit(X_TRAIN, Y_TRAIN).score(X_TEST, Y_TEST) > 0.9


def test_a_model_with_the_wrong_number_of_outputs_is_reported():
    with pytest.raises(ValueError, match="10 outputs but y has 3 classes"):
        SKLearnClassifier(build_mlp, epochs=1, n_classes=10).fit(X_TRAIN, Y_TRAIN % 3)


def test_misuse_is_reported():
    with pytest.raises(NotFittedError):
        classifier().predict(X_TEST)
    clf = classifier(epochs=1).fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(ValueError, match="X has 10 features"):
        clf.predict(X_TEST[:, :10])
    with pytest.raises(ValueError, match="needs build_fn"):
        SKLearnClassifier(epochs=1).fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(ValueError, match="2-D"):
        clf.predict(X_TEST[0])


def test_a_fitted_estimator_pickles_and_clones_unfitted():
    clf = classifier(epochs=2, seed=0).fit(X_TRAIN, Y_TRAIN)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(restored.predict_proba(X_TEST), clf.predict_proba(X_TEST), rtol=1e-6)
    assert restored.history_ == clf.history_
    assert not hasattr(clone(clf), "model_")


def test_cross_val_score_in_two_processes():
    scores = cross_val_score(classifier(), X_DIGITS, Y_DIGITS, cv=3, n_jobs=2)
    assert scores.shape == (3,) and scores.min() > 0.85


def test_grid_search_cv_chooses_the_wider_hidden_layer():
    search = GridSearchCV(classifier(), {"hidden": [1, 32]}, cv=2).fit(X_TRAIN, Y_TRAIN)
    assert search.best_params_ == {"hidden": 32}
    assert search.cv_results_["mean_test_score"][1] > 0.85
    assert search.score(X_TEST, Y_TEST) > 0.85


def test_sklearn_learning_curve():
    sizes, train_scores, test_scores = learning_curve(classifier(), X_TRAIN, Y_TRAIN, train_sizes=[0.3, 1.0], cv=2)
    assert sizes.tolist() == [201, 673] and train_scores.shape == test_scores.shape == (2, 2)
    assert test_scores[-1].mean() > 0.85


def test_bagging_in_two_processes():
    bagging = BaggingClassifier(classifier(), n_estimators=4, n_jobs=2, random_state=0).fit(X_TRAIN, Y_TRAIN)
    assert bagging.score(X_TEST, Y_TEST) > 0.9


def test_pipeline_with_a_scaler():
    pipeline = make_pipeline(StandardScaler(), classifier(learning_rate=0.003, seed=0)).fit(X_TRAIN, Y_TRAIN)
    assert pipeline.score(X_TEST, Y_TEST) > 0.9


def _linear_data(n_outputs=None):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4))
    w = rng.normal(size=(4, n_outputs or 1))
    y = x @ w + 0.1 * rng.normal(size=(200, n_outputs or 1))
    return x, (y[:, 0] if n_outputs is None else y)


def test_regressor_fits_a_linear_function():
    x, y = _linear_data()
    reg = SKLearnRegressor(build_linear, epochs=30, seed=0).fit(x[:150], y[:150])
    prediction = reg.predict(x[150:])
    assert prediction.shape == (50,)
    assert reg.score(x[150:], y[150:]) > 0.9
    scores = cross_val_score(SKLearnRegressor(build_linear, epochs=30), x, y, cv=3)
    assert scores.min() > 0.9


def test_regressor_with_several_outputs_and_a_default_compile():
    x, y = _linear_data(n_outputs=2)

    def uncompiled(n_features_in, n_outputs):
        return Sequential([layers.Input(shape=(n_features_in,)), layers.Dense(n_outputs)])

    reg = SKLearnRegressor(uncompiled, epochs=80, batch_size=4, seed=0).fit(x, y)
    assert reg.n_outputs_ == 2 and reg.predict(x).shape == (200, 2)
    assert reg.score(x, y) > 0.9


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf_are_refused_by_scikit_learns_own_checks(bad):
    X = X_TRAIN[:40].copy()
    X[3, 5] = bad
    clf = SKLearnClassifier(build_mlp, epochs=1)
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        clf.fit(X, Y_TRAIN[:40])
    y = Y_TRAIN[:40].astype(float)
    y[0] = bad
    with pytest.raises(ValueError, match="Input y contains (NaN|infinity)"):
        SKLearnRegressor(build_linear, epochs=1).fit(X_TRAIN[:40], y)
    clf.fit(X_TRAIN[:40], Y_TRAIN[:40])
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        clf.predict(X)
