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


def flatten_outputs(value, names: list[str]) -> list:
    """Targets or predictions as a list in output order: a dict is read by
    output name, a list/tuple is taken as it is, one tensor is a list of one."""
    if isinstance(value, dict):
        return [value.get(n) for n in names]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


class LossContainer:
    """The (weighted) sum of one loss per output (``model.compiled_loss``).

    Called as in tf.keras, ``compiled_loss(y, y_pred, sample_weight=None,
    regularization_losses=None)`` returns the total loss and adds it to the
    model's ``loss`` tracker; with several outputs it also tracks each output's
    loss (``<output>_loss``), listed in ``metrics``.
    """

    def __init__(self, loss, output_names: list[str], loss_weights=None, loss_tracker=None):
        from axon.metrics import Mean

        self.output_names = output_names
        self.losses = [_as_loss_object(item) for item in _per_output(loss, output_names, "loss")]
        weights = _per_output(loss_weights, output_names, "loss_weights") if loss_weights is not None \
            else [1.0] * len(output_names)
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self._checked = False
        self._loss_tracker = loss_tracker
        self.metrics = [Mean(name=f"{n}_loss") for n, loss in zip(output_names, self.losses)
                        if loss is not None] if len(output_names) > 1 else []
        self._trackers = {n: m for n, m in zip([n for n, loss in zip(output_names, self.losses) if loss is not None],
                                               self.metrics)}

    def __call__(self, y_true, y_pred, sample_weight=None, regularization_losses=None):
        """tf.keras's ``compiled_loss``: the total loss Tensor, also added to the ``loss`` tracker."""
        from axon.models.step_data import batch_size_of

        ys = flatten_outputs(y_true, self.output_names)
        preds = flatten_outputs(y_pred, self.output_names)
        sws = None if sample_weight is None else [sample_weight] * len(preds)
        total = self.compute(ys, preds, sws)
        if regularization_losses:
            total = total + ops.add_n(list(regularization_losses))
        if self._loss_tracker is not None:
            self._loss_tracker.update_state(total.data, sample_weight=batch_size_of(preds[0]))
        return total

    def compute(self, y_true: list, y_pred: list, sample_weight: list | None = None):
        """The total loss Tensor of listed outputs; updates the per-output trackers."""
        if len(y_pred) != len(self.output_names):
            raise ValueError(f"The model produced {len(y_pred)} outputs but compile() was given losses for "
                             f"{len(self.output_names)}.")
        if len(y_true) != len(y_pred):
            raise ValueError(f"The model has {len(y_pred)} outputs but {len(y_true)} target arrays were given.")
        if not self._checked:
            for loss, yt, yp in zip(self.losses, y_true, y_pred):
                if loss is not None and yt is not None:
                    check_loss_inputs(loss, yt, yp)
            self._checked = True
        total = None
        for i, (loss, yt, yp) in enumerate(zip(self.losses, y_true, y_pred)):
            if loss is None:
                continue
            if yt is None:
                raise ValueError(f"Output '{self.output_names[i]}' has a loss but no target was given for it: "
                                 "pass its targets in y.")
            sw = None if sample_weight is None else sample_weight[i]
            value = loss(yt, yp, sample_weight=sw)
            tracker = self._trackers.get(self.output_names[i])
            if tracker is not None:
                tracker.update_state(value.data, sample_weight=yp.shape[0] if yp.ndim else 1)
            term = value if self.weights[i] == 1.0 else value * self.weights[i]
            total = term if total is None else total + term
        if total is None:
            raise ValueError("No loss to optimise: compile() was given loss=None for every output.")
        return total


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


class MetricsContainer(metrics_module.Metric):
    """The metrics ``compile`` was given, as one metric (``model.compiled_metrics``,
    named ``compile_metrics`` as in Keras 3) whose ``result()`` is a dict.

    The metrics are resolved on the first ``update_state`` (``'accuracy'`` needs
    the loss and the label shapes). tf.keras code calls
    ``self.compiled_metrics.update_state(y, y_pred)`` in a custom ``train_step``.
    """

    def __init__(self, metrics, output_names: list[str], losses: list):
        super().__init__(name="compile_metrics")
        self.output_names = output_names
        self._requested = _per_output(metrics, output_names, "metrics") if metrics is not None \
            else [None] * len(output_names)
        self._losses = losses
        self._per_output: list[list] = [[] for _ in output_names]
        self.built = False
        for requested in self._requested:  # a misspelt name fails at compile(), not after the first batch
            for item in requested if isinstance(requested, (list, tuple)) else [requested]:
                if isinstance(item, str):
                    metrics_module.get(item)

    @property
    def metrics(self) -> list:
        """The resolved metric objects, output by output."""
        return [m for ms in self._per_output for m in ms]

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
                self._per_output[i].append(metric)
        self.built = True

    def names(self) -> list[str]:
        """Log keys: ``accuracy`` for one output, ``<output>_accuracy`` for several."""
        multi = len(self.output_names) > 1
        return [f"{out}_{m.name}" if multi else m.name
                for out, ms in zip(self.output_names, self._per_output) for m in ms]

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Update every compiled metric (``y_true``/``y_pred`` one tensor, a list or a dict by output)."""
        ys = flatten_outputs(y_true, self.output_names)
        preds = flatten_outputs(y_pred, self.output_names)
        sws = sample_weight if isinstance(sample_weight, list) and len(preds) > 1 else \
            None if sample_weight is None else [sample_weight] * len(preds)
        if not self.built:
            self.build(ys, preds)
        with no_grad():
            for i, ms in enumerate(self._per_output):
                if ys[i] is None:
                    continue
                for m in ms:
                    m.update_state(ys[i], preds[i], sample_weight=None if sws is None else sws[i])

    def result(self) -> dict:
        from axon.models.step_data import python_value

        return {name: python_value(m.result()) for name, m in zip(self.names(), self.metrics)}

    def reset_state(self) -> None:
        for m in self.metrics:
            m.reset_state()


def regularization_loss(model):
    """The sum of the model's regularization penalties, or None."""
    penalties = model.losses
    if not penalties:
        return None
    return ops.add_n(penalties)
