"""Paddle's loss layers, each ``paddle.nn.functional``'s loss with its settings kept."""

from __future__ import annotations

from axon.paddle.nn import functional as F
from axon.paddle.nn.layer import Layer


class CrossEntropyLoss(Layer):
    """Softmax cross-entropy of logits against class ids ``(N,)`` / ``(N, 1)`` or soft labels.

    Args:
        weight: a ``(C,)`` tensor weighing each class.
        ignore_index: a label value that contributes nothing (-100).
        reduction: ``'mean'`` (default), ``'sum'`` or ``'none'``.
        soft_label: labels are probabilities shaped like the input.
        axis: the class axis (-1; 1 for NCHW segmentation maps).
        use_softmax: False when the input already holds probabilities.
        label_smoothing: mix the one-hot labels with the uniform distribution.

    Example:
        >>> loss = paddle.nn.CrossEntropyLoss()(logits, labels)
    """

    def __init__(self, weight=None, ignore_index: int = -100, reduction: str = "mean", soft_label: bool = False,
                 axis: int = -1, use_softmax: bool = True, label_smoothing: float = 0.0, name=None):
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"CrossEntropyLoss: `reduction` must be 'mean', 'sum' or 'none'. "
                             f"Received: reduction={reduction!r}")
        self.weight, self.ignore_index, self.reduction = weight, ignore_index, reduction
        self.soft_label, self.axis, self.use_softmax = soft_label, axis, use_softmax
        self.label_smoothing = label_smoothing

    def forward(self, input, label):  # noqa: A002
        return F.cross_entropy(input, label, self.weight, self.ignore_index, self.reduction, self.soft_label,
                               self.axis, self.use_softmax, self.label_smoothing)


class NLLLoss(Layer):
    """Negative log-likelihood of log-probabilities."""

    def __init__(self, weight=None, ignore_index: int = -100, reduction: str = "mean", name=None):
        super().__init__()
        self.weight, self.ignore_index, self.reduction = weight, ignore_index, reduction

    def forward(self, input, label):  # noqa: A002
        return F.nll_loss(input, label, self.weight, self.ignore_index, self.reduction)


class MSELoss(Layer):
    """Mean squared error."""

    def __init__(self, reduction: str = "mean"):
        super().__init__()
        self.reduction = reduction

    def forward(self, input, label):  # noqa: A002
        return F.mse_loss(input, label, self.reduction)


class L1Loss(Layer):
    """Mean absolute error."""

    def __init__(self, reduction: str = "mean", name=None):
        super().__init__()
        self.reduction = reduction

    def forward(self, input, label):  # noqa: A002
        return F.l1_loss(input, label, self.reduction)


class SmoothL1Loss(Layer):
    """Huber loss with threshold ``delta``."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0, name=None):
        super().__init__()
        self.reduction, self.delta = reduction, delta

    def forward(self, input, label):  # noqa: A002
        return F.smooth_l1_loss(input, label, self.reduction, self.delta)


class BCELoss(Layer):
    """Binary cross-entropy of probabilities."""

    def __init__(self, weight=None, reduction: str = "mean", name=None):
        super().__init__()
        self.weight, self.reduction = weight, reduction

    def forward(self, input, label):  # noqa: A002
        return F.binary_cross_entropy(input, label, self.weight, self.reduction)


class BCEWithLogitsLoss(Layer):
    """Binary cross-entropy of logits (sigmoid inside, stable for any logit)."""

    def __init__(self, weight=None, reduction: str = "mean", pos_weight=None, name=None):
        super().__init__()
        self.weight, self.reduction, self.pos_weight = weight, reduction, pos_weight

    def forward(self, logit, label):
        return F.binary_cross_entropy_with_logits(logit, label, self.weight, self.reduction, self.pos_weight)


class KLDivLoss(Layer):
    """Kullback-Leibler divergence of log-probabilities from ``label``."""

    def __init__(self, reduction: str = "mean", log_target: bool = False):
        super().__init__()
        self.reduction, self.log_target = reduction, log_target

    def forward(self, input, label):  # noqa: A002
        return F.kl_div(input, label, self.reduction, self.log_target)


class MarginRankingLoss(Layer):
    """``max(0, -label * (input - other) + margin)``."""

    def __init__(self, margin: float = 0.0, reduction: str = "mean", name=None):
        super().__init__()
        self.margin, self.reduction = margin, reduction

    def forward(self, input, other, label):  # noqa: A002
        return F.margin_ranking_loss(input, other, label, self.margin, self.reduction)
