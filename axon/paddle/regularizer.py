"""``paddle.regularizer``: weight decay terms an optimizer adds to each gradient.

``L2Decay(coeff)`` adds ``coeff * w`` and ``L1Decay(coeff)`` adds ``coeff * sign(w)``
to the gradient of ``w`` (after gradient clipping, as Paddle does).
"""

from __future__ import annotations

import numpy as np


class WeightDecayRegularizer:
    """Base class: ``__call__(w, g)`` returns the gradient with the decay term added."""

    def __init__(self, coeff: float = 0.0):
        coeff = float(coeff)
        if not np.isfinite(coeff) or coeff < 0:
            raise ValueError(f"`coeff` must be a number >= 0. Received: coeff={coeff!r}")
        self._coeff = coeff

    @property
    def coeff(self) -> float:
        """The decay coefficient."""
        return self._coeff

    def __repr__(self) -> str:
        return f"{type(self).__name__}(coeff={self._coeff:g})"


class L2Decay(WeightDecayRegularizer):
    """L2 weight decay: ``g + coeff * w`` (the gradient of ``coeff / 2 * ||w||^2``)."""

    def __call__(self, w, g):
        return g + w * g.dtype.type(self._coeff)


class L1Decay(WeightDecayRegularizer):
    """L1 weight decay: ``g + coeff * sign(w)`` (the gradient of ``coeff * |w|``)."""

    def __call__(self, w, g):
        return g + np.sign(w) * g.dtype.type(self._coeff)
