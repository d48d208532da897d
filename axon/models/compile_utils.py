"""What ``compile`` resolves: the loss of each output and the metrics of each output.

A model with several outputs takes ``loss`` and ``metrics`` as dicts keyed by
output name or as lists in output order; these classes hide that, so the
training loop always sees a list of outputs.
"""

from __future__ import annotations

import warnings

import numpy as np

from axon import backend as B
from axon import losses as losses_module
from axon import metrics as metrics_module
from axon import ops
from axon.autograd.op import no_grad


def _per_output(value, names: list[str], what: str) -> list:
    """Spread ``value`` (one item, a list in output order, or a dict by output name) over the outputs."""
    if isinstance(value, dict):
        unknown = set(value) - set(names)
        if unknown:
            raise ValueError(f"Unknown output name(s) {sorted(unknown)} in `{what}`. The model's outputs are {names}.")
        return [value.get(n) for n in names]
    if isinstance(value, (list, tuple)) and len(names) > 1:
        if len(value) != len(names):
            raise ValueError(f"`{what}` has {len(value)} entries but the model has {len(names)} outputs ({names}).")
        return list(value)
    return [value] * len(names)


class LossContainer:
    """The (weighted) sum of one loss per output, plus the per-output values."""

    def __init__(self, loss, output_names: list[str], loss_weights=None):
        self.output_names = output_names
        self.losses = [_as_loss_object(item) for item in _per_output(loss, output_names, "loss")]
        weights = _per_output(loss_weights, output_names, "loss_weights") if loss_weights is not None \
            else [1.0] * len(output_names)
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self._checked = False

    def __call__(self, y_true: list, y_pred: list, sample_weight: list | None = None):
        """Return the total loss Tensor and the list of per-output loss Tensors."""
        if not self._checked:
            for loss, yt, yp in zip(self.losses, y_true, y_pred):
                if loss is not None:
                    check_loss_inputs(loss, yt, yp)
            self._checked = True
        total, parts = None, []
        for i, (loss, yt, yp) in enumerate(zip(self.losses, y_true, y_pred)):
            if loss is None:
                parts.append(None)
                continue
            sw = None if sample_weight is None else sample_weight[i]
            value = loss(yt, yp, sample_weight=sw)
            parts.append(value)
            term = value if self.weights[i] == 1.0 else value * self.weights[i]
            total = term if total is None else total + term
        if total is None:
            raise ValueError("No loss to optimise: compile() was given loss=None for every output.")
        return total, parts


def _as_loss_object(item):
    """A ``Loss`` with a reduction (a per-sample function is wrapped), or None."""
    if item is None:
        return None
    loss = losses_module.get(item)
    if not isinstance(loss, losses_module.Loss):
        loss = losses_module.LossFunctionWrapper(loss, name=item if isinstance(item, str) else None)
    return loss


def _loss_name(loss) -> str:
    """The name a user knows the loss by: ``'categorical_crossentropy'`` for the
    function (also when wrapped), ``'CategoricalCrossentropy'`` for the class."""
    if isinstance(loss, losses_module.LossFunctionWrapper) and type(loss) is losses_module.LossFunctionWrapper:
        return getattr(loss.fn, "__name__", None) or loss.name
    if isinstance(loss, losses_module.Loss):
        return type(loss).__name__
    return getattr(loss, "__name__", None) or getattr(loss, "name", None) or type(loss).__name__


def check_loss_inputs(loss, y_true, y_pred) -> None:
    """Catch the two classic silent mistakes before they waste a training run.

    - probabilities (a softmax/sigmoid output) fed to a loss with ``from_logits=True``
      (a warning), or raw logits fed to a cross-entropy without it (a warning);
    - integer labels given to categorical cross-entropy, or one-hot labels to the
      sparse one (an error).

    Each message says what to change.
    """
    name = _loss_name(loss)
    lname = name.lower().replace("_", "")
    is_crossentropy = "crossentropy" in lname
    from_logits = bool(getattr(loss, "from_logits", False) or getattr(loss, "_fn_kwargs", {}).get("from_logits"))
    op = type(getattr(y_pred, "_op", None)).__name__
    pred = y_pred.data
    # The cross-entropy functions warn about from_logits=True on probabilities themselves.
    if from_logits and op in ("Softmax", "Sigmoid") and not is_crossentropy:
        warnings.warn(
            f"{name} was given from_logits=True, but the model output comes from a {op.lower()} activation "
            "(probabilities). Either remove the output activation or use from_logits=False.",
            stacklevel=4,
        )
    elif not from_logits and is_crossentropy and pred.size and (pred.min() < 0 or pred.max() > 1):
        fix = f"{name}(from_logits=True)" if name[0].isupper() else f"{_class_name(name)}(from_logits=True)"
        warnings.warn(
            f"{name} expects probabilities in [0, 1], but the model output has values in "
            f"[{float(pred.min()):.3g}, {float(pred.max()):.3g}]: it looks like logits. Add a softmax/sigmoid "
            f"activation to the last layer, or use loss={fix}.",
            stacklevel=4,
        )
    yt = np.asarray(B.to_numpy(y_true.data if hasattr(y_true, "data") else y_true))
    sparse = "sparse" in lname
    if is_crossentropy and not sparse and "categorical" in lname and pred.ndim >= 2 and pred.shape[-1] > 1:
        if yt.ndim < pred.ndim or (yt.ndim == pred.ndim and yt.shape[-1] == 1):
            raise ValueError(
                f"{name} expects one-hot labels of shape {tuple(pred.shape)}, but received integer labels of "
                f"shape {yt.shape}. Use loss='sparse_categorical_crossentropy', or one-hot encode the labels "
                "with axon.utils.to_categorical(y)."
            )
    if sparse and yt.ndim == pred.ndim and yt.shape[-1] == pred.shape[-1] and pred.shape[-1] > 1:
        raise ValueError(
            f"{name} expects integer class labels of shape {tuple(pred.shape[:-1])}, but received labels of shape "
            f"{yt.shape} (one-hot?). Use loss='categorical_crossentropy', or pass y.argmax(axis=-1)."
        )


def _class_name(function_name: str) -> str:
    """``'sparse_categorical_crossentropy'`` -> ``'SparseCategoricalCrossentropy'``."""
    return "".join(part.capitalize() for part in function_name.split("_"))


class MetricsContainer:
    """The metrics of each output, resolved on the first batch (``'accuracy'``
    needs the loss and the label shapes), with their log names."""

    def __init__(self, metrics, output_names: list[str], losses: list):
        self.output_names = output_names
        self._requested = _per_output(metrics, output_names, "metrics") if metrics is not None \
            else [None] * len(output_names)
        self._losses = losses
        self.metrics: list[list] = [[] for _ in output_names]
        self.built = False
        for requested in self._requested:  # a misspelt name fails at compile(), not after the first batch
            for item in requested if isinstance(requested, (list, tuple)) else [requested]:
                if isinstance(item, str):
                    metrics_module.get(item)

    def build(self, y_true: list, y_pred: list) -> None:
        for i, requested in enumerate(self._requested):
            items = [] if requested is None else requested if isinstance(requested, (list, tuple)) else [requested]
            for item in items:
                if isinstance(item, str) and item.lower() in ("accuracy", "acc"):
                    metric = metrics_module.resolve_accuracy(self._losses[i], tuple(y_true[i].shape),
                                                             tuple(y_pred[i].shape))
                    metric.name = item
                else:
                    metric = metrics_module.get(item)
                    if isinstance(item, str):
                        metric.name = item
                self.metrics[i].append(metric)
        self.built = True

    def names(self) -> list[str]:
        """Log keys: ``accuracy`` for one output, ``<output>_accuracy`` for several."""
        multi = len(self.output_names) > 1
        return [f"{out}_{m.name}" if multi else m.name
                for out, ms in zip(self.output_names, self.metrics) for m in ms]

    def update(self, y_true: list, y_pred: list, sample_weight: list | None = None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        with no_grad():
            for i, ms in enumerate(self.metrics):
                for m in ms:
                    m.update_state(y_true[i], y_pred[i].data,
                                   sample_weight=None if sample_weight is None else sample_weight[i])

    def results(self) -> dict:
        out = {}
        for name, m in zip(self.names(), [m for ms in self.metrics for m in ms]):
            value = np.asarray(m.result())
            out[name] = float(value) if value.size == 1 else value.tolist()
        return out

    def reset(self) -> None:
        for ms in self.metrics:
            for m in ms:
                m.reset_state()


def regularization_loss(model):
    """The sum of the model's regularization penalties, or None."""
    penalties = model.losses
    if not penalties:
        return None
    return ops.add_n(penalties)
