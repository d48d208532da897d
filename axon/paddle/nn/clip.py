"""Gradient clipping for ``paddle.optimizer``'s ``grad_clip=`` argument.

Each object maps a list of ``(parameter, gradient array)`` pairs to clipped
ones; parameters created with ``ParamAttr(need_clip=False)`` are left alone.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B


def _norm(g) -> float:
    flat = g.reshape(-1)
    return math.sqrt(float(B.xp.dot(flat, flat)))


class ClipGradBase:
    """Base class of the clipping rules."""

    def __call__(self, params_grads: list) -> list:
        return self._clip(params_grads)

    def _clip(self, params_grads: list) -> list:  # pragma: no cover - abstract
        raise NotImplementedError


def _clipped(p) -> bool:
    return getattr(p, "need_clip", True)


class ClipGradByGlobalNorm(ClipGradBase):
    """Scale every gradient by ``clip_norm / max(global_norm, clip_norm)``, where ``global_norm`` is the
    L2 norm of all gradients together."""

    def __init__(self, clip_norm: float, group_name: str = "default_group", auto_skip_clip: bool = False):
        if not clip_norm > 0:
            raise ValueError(f"ClipGradByGlobalNorm: `clip_norm` must be > 0. Received: {clip_norm!r}")
        self.clip_norm = float(clip_norm)

    def _clip(self, params_grads):
        total = math.sqrt(sum(_norm(g) ** 2 for p, g in params_grads if _clipped(p)))
        scale = self.clip_norm / max(total, self.clip_norm)
        if scale == 1.0:
            return params_grads
        return [(p, g * g.dtype.type(scale) if _clipped(p) else g) for p, g in params_grads]

    def __repr__(self) -> str:
        return f"Gradient Clip By GlobalNorm, global_norm={self.clip_norm:f}"


class ClipGradByNorm(ClipGradBase):
    """Scale each gradient on its own so that its L2 norm is at most ``clip_norm``."""

    def __init__(self, clip_norm: float):
        if not clip_norm > 0:
            raise ValueError(f"ClipGradByNorm: `clip_norm` must be > 0. Received: {clip_norm!r}")
        self.clip_norm = float(clip_norm)

    def _clip(self, params_grads):
        out = []
        for p, g in params_grads:
            n = _norm(g)
            out.append((p, g * g.dtype.type(self.clip_norm / n) if _clipped(p) and n > self.clip_norm else g))
        return out


class ClipGradByValue(ClipGradBase):
    """Clip each gradient element into ``[min, max]`` (``min`` defaults to ``-max``)."""

    def __init__(self, max: float, min=None):  # noqa: A002
        self.max = float(max)
        self.min = -self.max if min is None else float(min)
        if self.min > self.max:
            raise ValueError(f"ClipGradByValue: min ({self.min}) must not exceed max ({self.max}).")

    def _clip(self, params_grads):
        return [(p, np.clip(g, self.min, self.max) if _clipped(p) else g) for p, g in params_grads]
