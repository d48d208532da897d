"""Perceptron: the learning rule, convergence on separable data, the sklearn-like API."""

import numpy as np
import pytest

from axon.applications.perceptron import Perceptron


def separable(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(3 * n, 3))
    margin = x @ np.array([1.0, -2.0, 0.5]) + 0.2
    keep = np.abs(margin) > 0.1
    return x[keep][:n], (margin[keep][:n] > 0).astype(int)


def test_separates_a_separable_set_with_zero_errors():
    x, y = separable()
    p = Perceptron(max_epochs=1000).fit(x, y)
    assert p.errors_[-1] == 0 and len(p.errors_) < 1000
    assert p.score(x, y) == 1.0
    assert p.coef_.shape == (3,) and isinstance(p.intercept_, float)
    np.testing.assert_array_equal(p.predict(x), y)
    assert set(np.unique(p.predict(x))) <= {0, 1}


def test_updates_only_on_mistakes_following_the_rule():
    x = np.array([[2.0, 1.0], [-1.0, -3.0]])
    y = np.array([1, -1])
    p = Perceptron(learning_rate=0.5, max_epochs=1).fit(x, y)
    # sample 0: w = 0 gives 0 -> a mistake: w = 0.5 * [2, 1], b = 0.5
    # sample 1: w . x + b = -1 - 1.5 + 0.5 = -2 < 0 -> right, no update
    np.testing.assert_allclose(p.coef_, [1.0, 0.5])
    assert p.intercept_ == 0.5 and p.errors_ == [1]
    assert p.predict(np.array([[1.0, 1.0]])).tolist() == [1]


def test_xor_never_converges():
    p = Perceptron(max_epochs=25).fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])
    assert len(p.errors_) == 25 and min(p.errors_) > 0


def test_shuffled_runs_are_reproducible_and_still_converge():
    import axon

    x, y = separable(seed=1)
    axon.random.set_seed(5)
    a = Perceptron(shuffle=True, max_epochs=500).fit(x, y)
    axon.random.set_seed(5)
    b = Perceptron(shuffle=True, max_epochs=500).fit(x, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.errors_[-1] == 0


def test_errors_are_clear():
    with pytest.raises(ValueError, match="two classes"):
        Perceptron().fit(np.zeros((3, 2)), [0, 1, 2])
    with pytest.raises(ValueError, match="learning_rate"):
        Perceptron(learning_rate=0)
    with pytest.raises(RuntimeError, match="not fitted"):
        Perceptron().predict(np.zeros((1, 2)))
