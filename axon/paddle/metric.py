"""``paddle.metric``: ``Accuracy`` (top-k), ``Precision``, ``Recall`` and ``accuracy``, accumulated over batches.

A metric's ``compute(pred, label)`` runs on the batch's Tensors, ``update(...)``
on the NumPy result of ``compute`` (returning the batch's value), and
``accumulate()`` gives the value over every batch since ``reset()``.
"""

from __future__ import annotations

import numpy as np

from axon.paddle.tensor import Tensor


def _numpy(x) -> np.ndarray:
    return x.numpy() if isinstance(x, Tensor) else np.asarray(x)


class Metric:
    """Base class of the metrics (``reset``, ``update``, ``accumulate``, ``name``, ``compute``)."""

    def reset(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self, *args):  # pragma: no cover - abstract
        raise NotImplementedError

    def accumulate(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def name(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def compute(self, *args):
        """The per-batch input of ``update`` (by default the arguments themselves)."""
        return args


class Accuracy(Metric):
    """Top-k accuracy of class scores against integer labels ``(N,)`` / ``(N, 1)`` or one-hot labels.

    Example:
        >>> m = paddle.metric.Accuracy()
        >>> m.update(m.compute(logits, labels))
        >>> m.accumulate()
    """

    def __init__(self, topk=(1,), name=None, *args, **kwargs):
        self.topk = tuple(topk) if isinstance(topk, (list, tuple)) else (int(topk),)
        self.maxk = max(self.topk)
        self._init_name(name)
        self.reset()

    def compute(self, pred, label, *args):
        """``(N, maxk)`` floats: 1 where the i-th best class is the label."""
        p = _numpy(pred)
        y = _numpy(label)
        order = np.argsort(-p, axis=-1, kind="stable")[..., :self.maxk]
        if y.ndim == 1 or (y.ndim == p.ndim and y.shape[-1] == 1):
            y = y.reshape(y.shape[0] if y.ndim == 1 else y.shape[:-1])[..., None]
        elif y.shape == p.shape:
            y = np.argmax(y, axis=-1)[..., None]
        else:
            raise ValueError(f"Accuracy: labels of shape {list(y.shape)} do not fit predictions of shape "
                             f"{list(p.shape)}: give class ids (N,) / (N, 1) or one-hot (N, C).")
        return Tensor((order == y).astype(np.float32))

    def update(self, correct, *args):
        """Add a batch (``compute``'s result); returns its accuracy (a list for several k)."""
        correct = _numpy(correct)
        n = int(np.prod(correct.shape[:-1])) if correct.ndim > 1 else len(correct)
        accs = []
        for i, k in enumerate(self.topk):
            hits = float(correct[..., :k].sum())
            accs.append(hits / n if n else 0.0)
            self.total[i] += hits
            self.count[i] += n
        return accs[0] if len(self.topk) == 1 else accs

    def reset(self) -> None:
        """Forget every batch."""
        self.total = [0.0] * len(self.topk)
        self.count = [0] * len(self.topk)

    def accumulate(self):
        """The accuracy over every batch so far (a list for several k)."""
        res = [t / c if c else 0.0 for t, c in zip(self.total, self.count)]
        return res[0] if len(self.topk) == 1 else res

    def _init_name(self, name) -> None:
        name = name or "acc"
        self._name = [name] if len(self.topk) == 1 else [f"{name}_top{k}" for k in self.topk]

    def name(self):
        """``['acc']``, or ``['acc_top1', 'acc_top5']`` for several k."""
        return self._name


class _BinaryCounts(Metric):
    """Counts of true positives, false positives and false negatives of probabilities
    ``(N,)`` / ``(N, 1)`` thresholded at 0.5: what Precision and Recall are made of."""

    def __init__(self, name: str, *args, **kwargs):
        self._name = name
        self.reset()

    def update(self, preds, labels):
        """Add a batch."""
        p = np.rint(_numpy(preds)).astype(np.int64).reshape(-1)
        y = _numpy(labels).astype(np.int64).reshape(-1)
        self.tp += int(((p == 1) & (y == 1)).sum())
        self.fp += int(((p == 1) & (y == 0)).sum())
        self.fn += int(((p == 0) & (y == 1)).sum())

    def reset(self) -> None:
        """Forget every batch."""
        self.tp = self.fp = self.fn = 0

    def name(self) -> str:
        """The metric's name."""
        return self._name


class Precision(_BinaryCounts):
    """Binary precision of probabilities ``(N,)`` / ``(N, 1)`` thresholded at 0.5."""

    def __init__(self, name: str = "precision", *args, **kwargs):
        super().__init__(name)

    def accumulate(self) -> float:
        """``tp / (tp + fp)``."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_BinaryCounts):
    """Binary recall of probabilities thresholded at 0.5."""

    def __init__(self, name: str = "recall", *args, **kwargs):
        super().__init__(name)

    def accumulate(self) -> float:
        """``tp / (tp + fn)``."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def accuracy(input, label, k: int = 1, correct=None, total=None, name=None) -> Tensor:  # noqa: A002
    """The top-``k`` accuracy of one batch, as a float32 Tensor of shape ``[1]``."""
    m = Accuracy(topk=(k,))
    value = m.update(m.compute(input, label))
    return Tensor(np.array([value], dtype=np.float32))
