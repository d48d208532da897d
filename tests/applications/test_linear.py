"""LinearRegression and LogisticRegression by gradient descent against closed form and scikit-learn."""

import numpy as np
import pytest

from axon.applications.linear import LinearRegression, LogisticRegression


def regression_data(targets=1):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    w = rng.normal(size=(3, targets))
    y = x @ w + 0.7 + 0.1 * rng.normal(size=(200, targets))
    return x, (y[:, 0] if targets == 1 else y)


def closed_form(x, y):
    a = np.c_[x, np.ones(len(x))]
    return np.linalg.lstsq(a, y, rcond=None)[0]


def test_linear_regression_reaches_the_least_squares_solution():
    x, y = regression_data()
    reg = LinearRegression(learning_rate=0.1, epochs=500).fit(x, y)
    solution = closed_form(x, y)
    np.testing.assert_allclose(reg.coef_, solution[:3], atol=1e-3)
    assert reg.intercept_ == pytest.approx(solution[3], abs=1e-3)
    np.testing.assert_allclose(reg.predict(x), np.c_[x, np.ones(200)] @ solution, atol=5e-3)
    assert reg.losses_[-1] < reg.losses_[0] and reg.score(x, y) > 0.95


def test_linear_regression_with_several_targets_and_ridge():
    x, y = regression_data(targets=2)
    reg = LinearRegression(learning_rate=0.1, epochs=500).fit(x, y)
    assert reg.coef_.shape == (2, 3) and reg.intercept_.shape == (2,) and reg.predict(x).shape == (200, 2)
    np.testing.assert_allclose(reg.coef_, closed_form(x, y)[:3].T, atol=1e-3)
    ridge = LinearRegression(learning_rate=0.1, epochs=500, l2=1.0).fit(x, y)
    assert np.abs(ridge.coef_).sum() < np.abs(reg.coef_).sum()


def test_linear_regression_stops_early_with_tol():
    x, y = regression_data()
    reg = LinearRegression(learning_rate=0.1, epochs=5000, tol=1e-9).fit(x, y)
    assert len(reg.losses_) < 5000


def test_binary_logistic_regression_matches_sklearn():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 3))
    y = (x @ [1.5, -2.0, 0.5] + 0.5 + rng.normal(size=300) > 0).astype(int)
    ours = LogisticRegression(learning_rate=0.5, epochs=2000).fit(x, y)
    reference = sklearn.LogisticRegression(C=1e10, max_iter=1000).fit(x, y)
    assert ours.coef_.shape == (1, 3) and ours.intercept_.shape == (1,)
    np.testing.assert_allclose(ours.coef_, reference.coef_, rtol=0.02, atol=0.02)
    np.testing.assert_allclose(ours.predict_proba(x), reference.predict_proba(x), atol=0.01)
    assert (ours.predict(x) == reference.predict(x)).mean() > 0.99


def test_multiclass_logistic_regression_with_string_labels():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(2)
    centers = np.array([[2.0, 0.0], [-2.0, 1.0], [0.0, -2.0]])
    index = rng.integers(0, 3, 300)
    x = centers[index] + rng.normal(size=(300, 2))
    labels = np.array(["cat", "dog", "eel"])[index]
    ours = LogisticRegression(learning_rate=0.5, epochs=1000).fit(x, labels)
    reference = sklearn.LogisticRegression(C=1e10, max_iter=1000).fit(x, labels)
    assert ours.coef_.shape == (3, 2) and list(ours.classes_) == ["cat", "dog", "eel"]
    proba = ours.predict_proba(x)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(proba, reference.predict_proba(x), atol=0.05)
    assert ours.score(x, labels) == pytest.approx(reference.score(x, labels), abs=0.02)


def test_input_errors_are_clear():
    with pytest.raises(ValueError, match="2-D"):
        LinearRegression().fit(np.arange(5.0), np.arange(5.0))
    with pytest.raises(ValueError, match="two classes"):
        LogisticRegression().fit(np.zeros((3, 1)), [1, 1, 1])
    with pytest.raises(ValueError, match="epochs"):
        LinearRegression(epochs=0)
    with pytest.raises(RuntimeError, match="not fitted"):
        LogisticRegression().predict_proba(np.zeros((1, 1)))
