"""``LinearRegression`` and ``LogisticRegression`` trained by gradient descent on axon tensors.

Both are one Dense layer without hidden units: a linear model ``x W + b``,
followed by nothing (regression), a sigmoid (two classes) or a softmax
(several classes). They are trained the way every network here is, by
full-batch gradient descent on the loss with gradients from the GradientTape,
so they show that the same machinery fits the classic models.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tape import GradientTape
from axon.autograd.tensor import Tensor, Variable


class _LinearModel:
    """What both models share: weights, the gradient-descent loop, the ``coef_`` view."""

    def __init__(self, learning_rate: float, epochs: int, l2: float, tol: float | None):
        if not learning_rate > 0:
            raise ValueError(f"`learning_rate` must be positive. Received: learning_rate={learning_rate!r}")
        if not isinstance(epochs, int) or epochs < 1:
            raise ValueError(f"`epochs` must be a positive int. Received: epochs={epochs!r}")
        if l2 < 0:
            raise ValueError(f"`l2` must be >= 0. Received: l2={l2!r}")
        self.learning_rate = float(learning_rate)
        self.epochs = epochs
        self.l2 = float(l2)
        self.tol = tol
        self.losses_: list[float] = []
        self._w: Variable | None = None
        self._b: Variable | None = None

    def _loss(self, logits: Tensor, y) -> Tensor:
        raise NotImplementedError

    def _descend(self, x: np.ndarray, y, outputs: int) -> None:
        """Full-batch gradient descent: ``w <- w - lr * dL/dw`` for ``epochs`` steps (or until
        the loss changes by less than ``tol``)."""
        dtype = B.floatx()
        xs = Tensor._wrap(B.xp.asarray(x, dtype=dtype))
        self._w = Variable(B.xp.zeros((x.shape[1], outputs), dtype=dtype), name="kernel")
        self._b = Variable(B.xp.zeros((outputs,), dtype=dtype), name="bias")
        self.losses_ = []
        for _ in range(self.epochs):
            with GradientTape() as tape:
                loss = self._loss(ops.matmul(xs, self._w) + self._b, y)
                if self.l2:
                    loss = loss + self.l2 * ops.reduce_sum(ops.square(self._w))
            grad_w, grad_b = tape.gradient(loss, [self._w, self._b])
            self._w.assign_sub(self.learning_rate * grad_w.data)
            self._b.assign_sub(self.learning_rate * grad_b.data)
            self.losses_.append(float(loss.data))
            if self.tol is not None and len(self.losses_) > 1 and abs(self.losses_[-2] - self.losses_[-1]) < self.tol:
                break

    def _logits(self, x) -> np.ndarray:
        if self._w is None:
            raise RuntimeError(f"This {type(self).__name__} is not fitted yet: call fit(x, y) first.")
        x = _features(x)
        return x @ B.to_numpy(self._w.data).astype(np.float64) + B.to_numpy(self._b.data).astype(np.float64)


class LinearRegression(_LinearModel):
    """Least squares ``y = x w + b`` fitted by gradient descent on the mean squared error.

    ``L = mean((x w + b - y)^2) + l2 * |w|^2``; without ``l2`` it converges to
    the closed-form solution ``w = (X^T X)^-1 X^T y`` for a small enough
    ``learning_rate`` (scale the features first: gradient descent is slow on
    features of very different sizes).

    Args:
        learning_rate: the gradient-descent step.
        epochs: the number of full-batch steps.
        l2: the weight of an L2 penalty on ``w`` (ridge regression).
        tol: stop early when the loss changes by less than this between steps.

    Attributes:
        coef_: ``w``, shape ``(n_features,)`` (``(n_targets, n_features)`` for a 2-D ``y``).
        intercept_: ``b`` (a float, or one per target).
        losses_: the loss at each step.

    Example:
        >>> reg = axon.applications.LinearRegression(learning_rate=0.1, epochs=500).fit(x, y)
        >>> reg.coef_, reg.intercept_
    """

    def __init__(self, learning_rate: float = 0.01, epochs: int = 1000, l2: float = 0.0, tol: float | None = None):
        super().__init__(learning_rate, epochs, l2, tol)
        self._multi = False

    def _loss(self, logits, y):
        return ops.reduce_mean(ops.square(logits - y))

    def fit(self, x, y) -> LinearRegression:
        """Fit to features ``x`` (n_samples, n_features) and targets ``y`` (n_samples,) or (n_samples, n_targets)."""
        x = _features(x)
        y = np.asarray(B.to_numpy(getattr(y, "data", y)), dtype=np.float64)
        self._multi = y.ndim == 2
        targets = y.reshape(len(y), -1)
        if len(targets) != len(x):
            raise ValueError(f"x and y must have the same number of samples. Received {len(x)} and {len(targets)}.")
        self._descend(x, Tensor._wrap(B.xp.asarray(targets, dtype=B.floatx())), targets.shape[1])
        return self

    @property
    def coef_(self) -> np.ndarray:
        w = B.to_numpy(self._w.data).astype(np.float64)
        return w.T if self._multi else w[:, 0]

    @property
    def intercept_(self):
        b = B.to_numpy(self._b.data).astype(np.float64)
        return b if self._multi else float(b[0])

    def predict(self, x) -> np.ndarray:
        """``x w + b`` for each sample."""
        out = self._logits(x)
        return out if self._multi else out[:, 0]

    def score(self, x, y) -> float:
        """The coefficient of determination R^2 of the predictions."""
        y = np.asarray(y, dtype=np.float64)
        residual = ((y - self.predict(x)) ** 2).sum()
        total = ((y - y.mean(axis=0)) ** 2).sum()
        return float(1 - residual / total) if total else 0.0


class LogisticRegression(_LinearModel):
    """A linear classifier with probabilities: sigmoid (two classes) or softmax (more),
    fitted by gradient descent on the cross-entropy.

    Two classes: ``p = sigmoid(x w + b)`` and ``L = mean(-y log p - (1-y) log(1-p))``;
    several: ``p = softmax(x W + b)`` and ``L = mean(-log p_true)``; plus
    ``l2 * |W|^2``. The losses are computed from the logits in one stable step.

    Args:
        learning_rate: the gradient-descent step.
        epochs: the number of full-batch steps.
        l2: the weight of an L2 penalty on the weights.
        tol: stop early when the loss changes by less than this between steps.

    Attributes:
        coef_: ``(1, n_features)`` for two classes, ``(n_classes, n_features)`` for more.
        intercept_: ``(1,)`` or ``(n_classes,)``.
        classes_: the labels, sorted.
        losses_: the loss at each step.

    Example:
        >>> clf = axon.applications.LogisticRegression(learning_rate=0.5, epochs=500).fit(x, y)
        >>> clf.predict_proba(x[:3])
    """

    def __init__(self, learning_rate: float = 0.1, epochs: int = 1000, l2: float = 0.0, tol: float | None = None):
        super().__init__(learning_rate, epochs, l2, tol)
        self.classes_: np.ndarray | None = None

    def _loss(self, logits, y):
        from axon.ops import sigmoid_cross_entropy_with_logits, sparse_softmax_cross_entropy_with_logits

        if len(self.classes_) == 2:
            return ops.reduce_mean(sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        return ops.reduce_mean(sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))

    def fit(self, x, y) -> LogisticRegression:
        """Fit to features ``x`` (n_samples, n_features) and class labels ``y`` (n_samples,)."""
        x = _features(x)
        labels = np.asarray(B.to_numpy(getattr(y, "data", y))).reshape(-1)
        if len(labels) != len(x):
            raise ValueError(f"x and y must have the same number of samples. Received {len(x)} and {len(labels)}.")
        self.classes_, index = np.unique(labels, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"LogisticRegression needs at least two classes. Received only {self.classes_.tolist()}.")
        binary = len(self.classes_) == 2
        target = (Tensor._wrap(B.xp.asarray(index.reshape(-1, 1), dtype=B.floatx())) if binary
                  else Tensor._wrap(B.xp.asarray(index)))
        self._descend(x, target, 1 if binary else len(self.classes_))
        return self

    @property
    def coef_(self) -> np.ndarray:
        return B.to_numpy(self._w.data).astype(np.float64).T

    @property
    def intercept_(self) -> np.ndarray:
        return B.to_numpy(self._b.data).astype(np.float64)

    def decision_function(self, x) -> np.ndarray:
        """The logits ``x W + b`` (one column for two classes)."""
        out = self._logits(x)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict_proba(self, x) -> np.ndarray:
        """The probability of each class, ``(n_samples, n_classes)``, in ``classes_`` order."""
        z = self._logits(x)
        if z.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1 - p, p], axis=1)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, x) -> np.ndarray:
        """The most probable class of each sample."""
        return self.classes_[self.predict_proba(x).argmax(axis=1)]

    def score(self, x, y) -> float:
        """The accuracy on ``(x, y)``."""
        return float(np.mean(self.predict(x) == np.asarray(y).reshape(-1)))


def _features(x) -> np.ndarray:
    x = np.asarray(B.to_numpy(getattr(x, "data", x)), dtype=np.float64)
    if x.ndim == 1:
        raise ValueError(f"x must be 2-D (n_samples, n_features). Received shape {x.shape}; use x.reshape(-1, 1) "
                         "for a single feature.")
    return x.reshape(len(x), -1)
