"""The stateful ``Metric`` base class, the running ``Mean`` and ``Sum``, and
``MeanMetricWrapper`` (a per-sample function averaged over batches).

Metrics are bookkeeping, not part of the graph: inputs are read as NumPy
arrays (from Tensors, CuPy arrays or lists), the state is kept in float64 on
the host, and ``result()`` returns a 0-d (or 1-d) Tensor that carries no
gradient: ``float(m.result())`` and ``m.result().numpy()`` both work.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor


def to_numpy(x) -> np.ndarray:
    """A metric input (Tensor, NumPy/CuPy array, list, number) as a NumPy array."""
    if isinstance(x, Tensor):
        x = x.data
    return x if isinstance(x, np.ndarray) else np.asarray(B.to_numpy(x))


def squeeze_or_expand(x1: np.ndarray, x2: np.ndarray, expand_rank_1: bool = True):
    """Align two arrays whose ranks differ by a trailing axis of size 1 (as Keras's
    ``squeeze_or_expand_to_same_rank``): ``(N,)`` against ``(N, 1)`` gives ``(N, 1)`` twice."""
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1 and expand_rank_1:
            x2 = x2[:, None]
        else:
            x1 = x1[..., 0]
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1 and expand_rank_1:
            x1 = x1[:, None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def reduce_to_samplewise(values: np.ndarray, sample_weight=None):
    """Weighted per-sample values and their weights, as Keras's ``Mean`` counts them.

    Values with more axes than the weights are averaged over the extra axes;
    weights are broadcast to the values; the result is one value per sample
    (``values * weight``) and one weight per sample.
    """
    values = values.astype(np.float64, copy=False)
    weights = None
    if sample_weight is not None:
        weights = to_numpy(sample_weight).astype(np.float64, copy=False)
        values, weights = squeeze_or_expand(values, weights)
        if values.ndim > weights.ndim:
            values = values.mean(axis=tuple(range(weights.ndim, values.ndim)))
        try:
            weights = np.broadcast_to(weights, values.shape)
        except ValueError:
            raise ValueError(f"`sample_weight` of shape {weights.shape} does not match the values of shape "
                             f"{values.shape}. Give one weight per sample.") from None
        values = values * weights
        if weights.ndim > 1:
            weights = weights.mean(axis=tuple(range(1, weights.ndim)))
    if values.ndim > 1:
        values = values.mean(axis=tuple(range(1, values.ndim)))
    return values, weights


def snake_case(name: str) -> str:
    out = [name[0].lower()]
    for prev, ch in zip(name, name[1:]):
        out.append("_" + ch.lower() if ch.isupper() and (prev.islower() or prev.isdigit()) else ch.lower())
    return "".join(out)


class Metric:
    """Base class of the stateful metrics.

    A metric accumulates over batches with ``update_state(y_true, y_pred,
    sample_weight=None)``, reports with ``result()`` and starts again with
    ``reset_state()``. Calling it (``m(y_true, y_pred)``) updates and returns the
    result. A subclass keeps its state in variables made with ``add_variable``
    (or ``add_weight``), which the default ``reset_state`` sets back to zero, as
    in Keras; the built-in metrics keep host floats and override ``reset_state``.

    Args:
        name: the metric's name (the key in ``History``); defaults to the
            snake_case class name.
        dtype: the float type of ``result()`` (``floatx()`` by default).

    Example:
        >>> m = axon.metrics.BinaryAccuracy()
        >>> m.update_state([[1], [0]], [[0.9], [0.8]])
        >>> float(m.result())
        0.5

    Example (a custom metric, as the Keras guides write it):
        >>> class TruePositives(axon.metrics.Metric):
        ...     def __init__(self, name="tp", **kwargs):
        ...         super().__init__(name=name, **kwargs)
        ...         self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        ...     def update_state(self, y_true, y_pred, sample_weight=None):
        ...         self.tp.assign_add(ops.sum(ops.cast((y_true == 1) & (y_pred > 0.5), "float32")))
        ...     def result(self):
        ...         return self.tp
    """

    def __init__(self, name: str | None = None, dtype=None):
        self.name = name or snake_case(type(self).__name__)
        self.dtype = B.as_dtype(dtype or B.floatx()).name
        self._variables: list = []

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum", name=None):
        """A state variable of the metric (never trained), set to ``initializer``'s values.

        ``aggregation`` (how replicas combine it) is accepted for Keras
        compatibility; axon's metrics run on one replica.
        """
        from axon import initializers
        from axon.autograd.tensor import Variable

        if aggregation not in ("sum", "mean", "only_first_replica", "none", None):
            raise ValueError(f"`aggregation` must be one of 'sum', 'mean', 'only_first_replica', 'none'. "
                             f"Received: aggregation={aggregation!r}")
        shape = tuple(int(n) for n in (shape or ()))
        value = initializers.get(initializer if initializer is not None else "zeros")(
            shape, dtype=B.as_dtype(dtype or self.dtype).name)
        variable = Variable(value, trainable=False, name=name or f"variable_{len(self._variables)}")
        self._variables.append(variable)
        return variable

    def add_weight(self, name=None, shape=(), aggregation="sum", initializer="zeros", dtype=None, **kwargs):
        """``add_variable`` under tf.keras's name (``add_weight(name, shape=(), initializer=...)``);
        Keras 3's keyword order (``add_weight(shape=..., initializer=..., name=...)``) works too."""
        if name is not None and not isinstance(name, str):  # Keras 3 passes the shape first
            name, shape = None, name
        kwargs.pop("synchronization", None)
        if kwargs:
            raise TypeError(f"add_weight() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}.")
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, aggregation=aggregation,
                                 name=name)

    @property
    def variables(self) -> list:
        """The state variables made with ``add_variable`` / ``add_weight``."""
        return list(self.__dict__.get("_variables", []))

    def update_state(self, *args, **kwargs) -> None:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self) -> None:
        """Start again: every state variable back to zero (override for other state)."""
        for v in self.variables:
            v.assign(B.xp.zeros(v.shape, dtype=v.dtype))

    def reset_states(self) -> None:
        """tf.keras 2's name of ``reset_state``."""
        self.reset_state()

    def __call__(self, *args, **kwargs) -> Tensor:
        self.update_state(*args, **kwargs)
        return self.result()

    def _wrap(self, value) -> Tensor:
        """A result as a Tensor of the metric's dtype, on the host, without gradient."""
        return Tensor._wrap(np.asarray(value, dtype=self.dtype))

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"


class Mean(Metric):
    """The (weighted) running mean of the values given to ``update_state``:
    ``sum(w * v) / sum(w)`` over everything seen since the last reset.

    Example:
        >>> m = axon.metrics.Mean()
        >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    def __init__(self, name: str = "mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0.0

    def update_state(self, values, sample_weight=None) -> None:
        values, weights = reduce_to_samplewise(to_numpy(values), sample_weight)
        self.total += float(values.sum())
        if weights is not None:
            self.count += float(weights.sum())
        else:
            self.count += values.shape[0] if values.ndim else 1

    def result(self) -> Tensor:
        return self._wrap(self.total / self.count if self.count else 0.0)


class Sum(Metric):
    """The (weighted) running sum of the values given to ``update_state``."""

    def __init__(self, name: str = "sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self) -> None:
        self.total = 0.0

    def update_state(self, values, sample_weight=None) -> None:
        values, _ = reduce_to_samplewise(to_numpy(values), sample_weight)
        self.total += float(values.sum())

    def result(self) -> Tensor:
        return self._wrap(self.total)


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function ``fn(y_true, y_pred, **kwargs)``.

    ``fn`` may return a Tensor or an array; it runs under ``no_grad``.

    Example:
        >>> m = MeanMetricWrapper(axon.losses.mean_squared_error, name="mse")
        >>> m.update_state([[0.0], [1.0]], [[1.0], [1.0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "name", None) or getattr(fn, "__name__", "mean"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        keras_mask = getattr(y_pred, "_keras_mask", None)  # a masking layer's output: padded steps count not
        with no_grad():
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if keras_mask is not None:
            weights = to_numpy(keras_mask).astype(np.float64)
            sample_weight = weights if sample_weight is None else weights * to_numpy(sample_weight)
        super().update_state(values, sample_weight)

    def get_config(self) -> dict:
        config = {**super().get_config(), **self._fn_kwargs}
        if type(self) is MeanMetricWrapper:
            config["fn"] = getattr(self._fn, "__name__", str(self._fn))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if cls is MeanMetricWrapper:
            from axon.metrics import _function

            config = dict(config)
            return cls(_function(config.pop("fn")), **config)
        return cls(**config)
