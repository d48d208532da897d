"""``Perceptron``: Rosenblatt's perceptron and its learning rule."""

from __future__ import annotations

import numpy as np

from axon import backend as B


class Perceptron:
    """A single neuron with a sign activation, trained by the perceptron rule.

    ``y_hat = sign(w . x + b)``. The rule visits the samples one at a time and
    changes the weights only on a mistake (``y (w . x + b) <= 0``):

        w <- w + learning_rate * y * x,    b <- b + learning_rate * y

    with labels ``y`` in {-1, +1}. On linearly separable data it stops after a
    finite number of mistakes (the perceptron convergence theorem); training
    ends at the first epoch without a mistake, or after ``max_epochs``.

    Args:
        learning_rate: the step of each correction.
        max_epochs: the most passes over the data.
        shuffle: visit the samples in a new random order every epoch
            (``axon.random.set_seed`` makes it reproducible).

    Attributes:
        coef_: the weights ``w``, shape ``(n_features,)``.
        intercept_: the bias ``b``.
        errors_: the number of mistakes (= updates) in each epoch.
        classes_: the two labels, in the order (negative, positive).

    Example:
        >>> p = axon.applications.Perceptron().fit(x, y)      # y in {0, 1} or {-1, 1}
        >>> p.errors_[-1], p.score(x, y)
        (0, 1.0)
    """

    def __init__(self, learning_rate: float = 1.0, max_epochs: int = 100, shuffle: bool = False):
        if not learning_rate > 0:
            raise ValueError(f"`learning_rate` must be positive. Received: learning_rate={learning_rate!r}")
        if not isinstance(max_epochs, int) or max_epochs < 1:
            raise ValueError(f"`max_epochs` must be a positive int. Received: max_epochs={max_epochs!r}")
        self.learning_rate = float(learning_rate)
        self.max_epochs = max_epochs
        self.shuffle = bool(shuffle)
        self.coef_: np.ndarray | None = None
        self.intercept_: float = 0.0
        self.errors_: list[int] = []
        self.classes_: np.ndarray | None = None

    def fit(self, x, y) -> Perceptron:
        """Run the perceptron rule on ``x`` (n_samples, n_features) and labels ``y`` (two classes)."""
        x = np.asarray(B.to_numpy(getattr(x, "data", x)), dtype=np.float64)
        x = x.reshape(len(x), -1)
        signs = self._signs(np.asarray(B.to_numpy(getattr(y, "data", y))).reshape(-1))
        if len(signs) != len(x):
            raise ValueError(f"x and y must have the same number of samples. Received {len(x)} and {len(signs)}.")
        w, b = np.zeros(x.shape[1]), 0.0
        self.errors_ = []
        for _ in range(self.max_epochs):
            order = B.to_numpy(B.rng().permutation(len(x))) if self.shuffle else range(len(x))
            mistakes = 0
            # The rule is sequential by nature: each correction changes the next prediction.
            for i in order:
                if signs[i] * (x[i] @ w + b) <= 0:
                    w += self.learning_rate * signs[i] * x[i]
                    b += self.learning_rate * signs[i]
                    mistakes += 1
            self.errors_.append(mistakes)
            if mistakes == 0:
                break
        self.coef_, self.intercept_ = w, float(b)
        return self

    def decision_function(self, x) -> np.ndarray:
        """``w . x + b`` for each sample: its signed distance to the boundary, times ``|w|``."""
        if self.coef_ is None:
            raise RuntimeError("This Perceptron is not fitted yet: call fit(x, y) first.")
        x = np.asarray(B.to_numpy(getattr(x, "data", x)), dtype=np.float64)
        return x.reshape(len(x), -1) @ self.coef_ + self.intercept_

    def predict(self, x) -> np.ndarray:
        """The label of each sample: ``classes_[1]`` where ``w . x + b > 0``, else ``classes_[0]``."""
        return np.where(self.decision_function(x) > 0, self.classes_[1], self.classes_[0])

    def score(self, x, y) -> float:
        """The accuracy on ``(x, y)``."""
        return float(np.mean(self.predict(x) == np.asarray(y).reshape(-1)))

    def _signs(self, y: np.ndarray) -> np.ndarray:
        classes = np.unique(y)
        if len(classes) != 2:
            raise ValueError(f"A Perceptron separates two classes. Received {len(classes)} distinct labels: "
                             f"{classes.tolist()[:10]}.")
        self.classes_ = classes
        return np.where(y == classes[1], 1.0, -1.0)
