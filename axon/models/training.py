"""``compile``, ``fit``, ``evaluate``, ``predict``: the Keras training API.

The loop is short on purpose: prepare the data once (checks, validation split,
shapes), then for each epoch and batch run ``train_step`` and the callbacks.
History and the progress bar are callbacks like any other.
"""

from __future__ import annotations

import inspect
import itertools
import math
import warnings
from typing import NamedTuple

import numpy as np

from axon import backend as B
from axon import optimizers
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor
from axon.callbacks.base import CallbackList
from axon.callbacks.history import History
from axon.metrics.base import Mean
from axon.models import data_adapter as da
from axon.models.compile_utils import LossContainer, MetricsContainer, flatten_outputs, regularization_loss
from axon.models.step_data import (
    batch_size_of,
    concatenate_structures,
    pack_x_y_sample_weight,
    pythonify_logs,
    restructure,
    to_numpy_structure,
    unpack_x_y_sample_weight,
)


class TrainingMixin:
    """The training API shared by every ``Model``."""

    def _init_training_state(self) -> None:
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.compiled_loss: LossContainer | None = None
        self.compiled_metrics: MetricsContainer | None = None
        self._loss_tracker: Mean | None = None
        self.stop_training = False
        self.history = None
        self._compile_args: dict | None = None
        self._log_learning_rate = False
        self._trainable_for_step = None
        self._warned_no_trainable = False

    # ---------------------------------------------------------------- compile
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
                run_eagerly=None, steps_per_execution=1, jit_compile=None, **kwargs) -> None:
        """Choose the optimizer, the loss and the metrics.

        Args:
            optimizer: a name (``'sgd'``, ``'adam'``, ``'rmsprop'`` ...) or an optimizer.
            loss: a name (``'mse'``, ``'sparse_categorical_crossentropy'`` ...), a loss
                object or function; a dict or list for several outputs. ``None`` for a
                model whose losses all come from ``add_loss`` (or a custom ``train_step``).
            metrics: a list of names (``['accuracy']``) or metric objects; a dict
                or list of lists for several outputs.
            loss_weights: weights of the outputs' losses in the total.
        """
        if kwargs:
            raise TypeError(f"compile() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = {"loss": loss, "metrics": metrics, "loss_weights": loss_weights}
        object.__setattr__(self, "_loss_tracker", Mean(name="loss"))  # listed by `metrics` itself, not tracked
        self.compiled = True
        if self._graph is not None or _is_sequential(self):
            self._make_containers(self.output_names)
        else:
            count = len(loss) if isinstance(loss, (list, tuple, dict)) else 1
            names = list(loss) if isinstance(loss, dict) else [f"output_{i + 1}" for i in range(count)]
            self._make_containers(names if count > 1 else ["output_1"])

    def _make_containers(self, names: list[str]) -> None:
        args = self._compile_args
        self.compiled_loss = None if args["loss"] is None else \
            LossContainer(args["loss"], names, args["loss_weights"], loss_tracker=self._loss_tracker)
        losses = self.compiled_loss.losses if self.compiled_loss is not None else [None] * len(names)
        object.__setattr__(self, "compiled_metrics", MetricsContainer(args["metrics"], names, losses))

    def _assert_compiled(self, what: str) -> None:
        if not self.compiled:
            raise RuntimeError(f"You must call compile() before {what}(), e.g. "
                               "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy').")

    @property
    def metrics(self) -> list:
        """The metrics ``fit`` reports, as Keras 3 lists them: the ``loss`` tracker,
        the compiled metrics (one ``compile_metrics`` object), each output's loss
        tracker, then the metrics assigned as attributes of the model and its layers."""
        found = []
        if self.compiled:
            found.append(self._loss_tracker)
            if self.compiled_metrics is not None:
                found.append(self.compiled_metrics)
            if self.compiled_loss is not None:
                found.extend(self.compiled_loss.metrics)
        found.extend(self.__dict__.get("_tracked_metrics", []))
        for layer in _flatten_layers(self):
            found.extend(layer.__dict__.get("_tracked_metrics", []))
        return found

    @property
    def metrics_names(self) -> list[str]:
        """The names of the values ``evaluate`` returns, in order."""
        names = ["loss"]
        if self.compiled_loss is not None and len(self.compiled_loss.output_names) > 1:
            names += [f"{n}_loss" for n in self.compiled_loss.output_names]
        if self.compiled_metrics is not None and self.compiled_metrics.built:
            names += self.compiled_metrics.names()
        return names

    def reset_metrics(self) -> None:
        """Reset every metric in ``metrics`` (``fit`` does it at each epoch, ``evaluate`` once)."""
        for m in self.metrics:
            m.reset_state()

    # ------------------------------------------------------------------ steps
    def _flat_outputs(self, y_pred) -> list:
        outs = flatten_outputs(y_pred, self.output_names)
        self._seen_outputs = len(outs)
        return outs

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The total loss of a batch: the compiled loss (of every output) plus the
        losses of ``add_loss`` and the regularization penalties (``self.losses``).

        Custom ``train_step``s call it as in Keras 3:
        ``loss = self.compute_loss(y=y, y_pred=y_pred)``. It updates no metric.
        """
        del x, training  # as in Keras, the default loss reads neither
        total = None
        if self.compiled_loss is not None:
            if y is None:
                raise ValueError("fit() needs targets for the loss given to compile() (so does evaluate()): pass "
                                 "y, or a Dataset yielding (x, y) pairs; or compile without loss= when the model "
                                 "adds its own losses with add_loss().")
            preds = self._flat_outputs(y_pred)
            ys = flatten_outputs(y, self.compiled_loss.output_names)
            sws = None if sample_weight is None else [sample_weight] * len(preds)
            total = self.compiled_loss.compute(ys, preds, sws)
        extra = regularization_loss(self)
        if extra is not None:
            total = extra if total is None else total + extra
        if total is None:
            raise ValueError(f"No loss to compute for model '{self.name}': pass loss= to compile(), or add losses "
                             "in call() with self.add_loss().")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Update the compiled metrics with a batch and return every metric's result
        (``get_metrics_result()``), as the default steps do."""
        del x
        if self.compiled_metrics is not None and y is not None:
            self.compiled_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        """``{name: result}`` for every metric in ``metrics`` (a dict result is merged in)."""
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return pythonify_logs(logs)

    def train_step(self, data) -> dict:
        """One gradient step on a batch; returns the metrics' values (the logs).

        ``data`` is what Keras passes: ``x`` alone, ``(x, y)`` or
        ``(x, y, sample_weight)``. Override it to customise ``fit``, as in Keras.
        """
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=True)
        if self._trainable_for_step is None:  # a model built by this very batch
            self._prepare_trainable()
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
        self._loss_tracker.update_state(loss.data, sample_weight=batch_size_of(x))
        variables = self._trainable_for_step
        if variables and loss.requires_grad:
            for v in variables:
                v._grad = None
            loss.backward()
            self.optimizer.apply_gradients([(v._grad, v) for v in variables])
        elif not variables and not self._warned_no_trainable:
            self._warned_no_trainable = True
            warnings.warn(f"Model '{self.name}' has no trainable weights: fit() only computes its loss and "
                          "metrics (nothing to update).", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data) -> dict:
        """The loss and metric updates of a batch, in inference mode; returns the logs."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(loss.data, sample_weight=batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """The model's outputs for one batch (``data`` is ``x``, as Keras passes it)."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _checked_step(self, name: str):
        """The bound ``train_step``/``test_step``/``predict_step``, refused with a clear
        error when an override does not take exactly one argument, ``data``."""
        step = getattr(self, name)
        try:
            params = list(inspect.signature(step).parameters.values())
        except (TypeError, ValueError):
            return step
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        required = [p for p in positional if p.default is p.empty]
        variadic = any(p.kind is p.VAR_POSITIONAL for p in params)
        if len(required) > 1 or (not positional and not variadic):
            got = ", ".join(["self"] + [p.name for p in params])
            raise TypeError(
                f"{type(self).__name__}.{name}({got}) has the wrong arguments: fit/evaluate/predict call "
                f"{name}(self, data) with one argument, the batch as Keras packs it (x, (x, y) or "
                f"(x, y, sample_weight)). Define `def {name}(self, data):` and unpack it inside with "
                "`x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)`."
            )
        return step

    def _prepare_trainable(self) -> None:
        """Only trainable weights record gradients during the step (frozen layers cost nothing)."""
        if not self.built:
            self._trainable_for_step = None
            return
        trainable = self.trainable_weights
        ids = {id(v) for v in trainable}
        for v in self.weights:
            v.requires_grad = id(v) in ids and v.dtype.kind == "f"
            if id(v) not in ids:
                v._grad = None
        self._trainable_for_step = trainable

    def _release_trainable(self) -> None:
        """After fit: every weight records gradients again as its own ``trainable`` says,
        so a layer unfrozen later trains in a GradientTape loop too."""
        if self.built:
            for v in self.weights:
                v.requires_grad = bool(v.trainable) and v.dtype.kind == "f"
        self._trainable_for_step = None

    # -------------------------------------------------------------------- data
    def _arrays(self, x, y, sample_weight=None, class_weight=None) -> Prepared:
        """Check and convert array data once."""
        if x is None:
            raise ValueError("No input data: pass x (arrays or an axon.data.Dataset).")
        if isinstance(x, dict) and self._graph is None and not _is_sequential(self):
            x_names = list(x)  # a subclassed model's call() receives the dict as given
            xs = [da.numeric(x[k], f"x[{k!r}]", floatx=True) for k in x_names]
        else:
            x_names = self.input_names
            xs = da.model_inputs(self, x)
        self._spread_loss_over_targets(y, len(xs[0]) if xs and hasattr(xs[0], "__len__") else None)
        ys = da.model_targets(self, y)
        sw = None if sample_weight is None else B.xp.asarray(sample_weight, dtype=B.floatx()).reshape(-1)
        n = da.check_lengths(xs, ys, sw)
        if class_weight is not None:
            if ys is None:
                raise ValueError("class_weight needs targets y.")
            cw = B.xp.asarray(da.class_weights_to_sample_weights(ys[0], class_weight))
            sw = cw if sw is None else sw * cw
        return Prepared(da.adapt_input_shapes(self, xs), ys, sw, n, x, y, x_names)

    def _spread_loss_over_targets(self, y, n_samples: int | None) -> None:
        """A subclassed model shows how many outputs it has only when it runs: given one
        loss and a list of target arrays of ``n_samples`` each, apply that loss to each
        output, as Keras does."""
        if self._graph is not None or _is_sequential(self) or self.compiled_loss is None:
            return
        if not isinstance(y, (list, tuple)) or len(y) < 2 or len(y) == len(self.compiled_loss.output_names):
            return
        if isinstance(self._compile_args["loss"], (list, tuple, dict)):
            return
        if all(isinstance(a, (np.ndarray, Tensor)) and a.ndim >= 1 and len(a) == n_samples for a in y):
            self._make_containers([f"output_{i + 1}" for i in range(len(y))])

    def _pack(self, prepared: Prepared, index=None):
        """One batch (rows ``index``, or all) packed as ``train_step`` receives it."""
        def rows(a):
            return a if index is None or a is None else a[index]

        x = restructure([rows(a) for a in prepared.xs], prepared.x_template, prepared.x_names)
        y = None if prepared.ys is None else \
            restructure([rows(a) for a in prepared.ys], prepared.y_template, self.output_names)
        sw = None if prepared.sw is None or y is None else Tensor._wrap(rows(prepared.sw))
        return pack_x_y_sample_weight(x, y, sw)

    def _batches(self, data, batch_size: int, shuffle: bool, class_weight=None):
        """Yield the packed batches of one epoch from prepared arrays or a Dataset
        (``class_weight`` weighs a Dataset's batches; arrays come weighted already)."""
        if isinstance(data, Prepared):
            for index in da.batch_slices(data.n, batch_size, shuffle):
                yield self._pack(data, index)
        else:
            for element in data:
                x, y, sw = da.unpack_xy(element)
                yield self._pack(self._arrays(x, y, sw, class_weight if y is not None else None))

    def _prepare(self, x, y, sample_weight=None, class_weight=None):
        if da.is_dataset(x):
            if y is not None:
                raise ValueError("When x is a Dataset, y must be None: the dataset yields (x, y) pairs.")
            return x, _cardinality(x)
        prepared = self._arrays(x, y, sample_weight, class_weight)
        return prepared, prepared.n

    # --------------------------------------------------------------------- fit
    def fit(self, x=None, y=None, batch_size=None, epochs: int = 1, verbose="auto", callbacks=None,
            validation_split: float = 0.0, validation_data=None, shuffle: bool = True, class_weight=None,
            sample_weight=None, initial_epoch: int = 0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train the model for ``epochs`` passes over the data.

        ``validation_split`` holds out the LAST fraction of the samples (before
        shuffling); ``validation_data`` gives a separate set. Returns a
        ``History`` whose ``history`` dict holds the epoch values of the loss,
        every metric and their ``val_`` forms.
        """
        from axon.callbacks.progbar import ProgbarLogger, resolve_verbose

        self._assert_compiled("fit")
        batch_size = da.check_batch_size(batch_size)
        x = da.batch_source(x)
        if not 0.0 <= float(validation_split) < 1.0:
            raise ValueError(f"`validation_split` must be in [0, 1). Received: validation_split={validation_split}")
        verbose = resolve_verbose(verbose)

        if da.is_dataset(x):
            if y is not None or sample_weight is not None:
                raise ValueError("When x is a Dataset, y and sample_weight must be None: the dataset yields "
                                 "(x, y) or (x, y, sample_weight) tuples.")
            if validation_split:
                raise ValueError("validation_split is not supported when x is a Dataset: pass validation_data.")
            train, steps = x, _cardinality(x)
            if steps_per_epoch is not None:
                train = da.ContinuingIterator(x)
            val = self._validation_from(validation_data)
        else:
            train = self._arrays(x, y, sample_weight, class_weight)
            val = self._validation_from(validation_data)
            if validation_split and val is None:
                train, val = _split_prepared(train, validation_split)
            steps = math.ceil(train.n / batch_size)
        if steps_per_epoch is not None:
            steps = int(steps_per_epoch)

        callback_list = CallbackList(list(callbacks or []), model=self)
        if verbose and not any(isinstance(c, ProgbarLogger) for c in callback_list.callbacks):
            callback_list.callbacks.insert(0, ProgbarLogger())
        history = History()
        callback_list.append(history)
        callback_list.set_model(self)
        callback_list.set_params({"epochs": int(epochs), "steps": steps, "verbose": verbose})
        self._log_learning_rate = _learning_rate_varies(self.optimizer, callback_list.callbacks)

        self.stop_training = False
        self._warned_no_trainable = False  # once per fit
        self._checked_step("train_step")
        if val is not None:
            self._checked_step("test_step")
        self._prepare_trainable()
        try:
            callback_list.on_train_begin()
            logs: dict = {}
            for epoch in range(int(initial_epoch), int(epochs)):
                self.reset_metrics()
                callback_list.on_epoch_begin(epoch)
                logs = self._run_epoch(train, batch_size, shuffle, steps_per_epoch, callback_list,
                                       class_weight if da.is_dataset(x) else None)
                if val is not None and _should_validate(epoch, validation_freq):
                    val_logs = self._evaluate_data(val, validation_batch_size or batch_size, callback_list,
                                                   validation_steps)
                    logs.update({f"val_{k}": v for k, v in val_logs.items()})
                if self._log_learning_rate:
                    logs["learning_rate"] = float(self.optimizer.learning_rate)
                callback_list.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
            callback_list.on_train_end(logs)
        finally:
            self._release_trainable()
        self.history = history
        return history

    def _run_epoch(self, train, batch_size: int, shuffle, steps_per_epoch, callback_list, class_weight=None) -> dict:
        batches = self._batches(train, batch_size, bool(shuffle) and shuffle != "batch", class_weight)
        if steps_per_epoch is not None:  # islice takes no batch beyond the last one it yields
            batches = itertools.islice(batches, int(steps_per_epoch))
        return self._run_batches(batches, self._checked_step("train_step"), callback_list.on_train_batch_begin,
                                 callback_list.on_train_batch_end, "fit")

    def _run_batches(self, batches, step_fn, on_begin, on_end, caller: str) -> dict:
        """Run ``step_fn`` on every batch with the batch hooks around it; the logs are
        what the step returns (the metrics so far: the loss is the sample-weighted
        mean over the batches), as Python floats."""
        logs, ran = {}, False
        for step, data in enumerate(batches):
            on_begin(step, {})
            if caller == "fit":
                logs = pythonify_logs(step_fn(data))
            else:
                with no_grad():
                    logs = pythonify_logs(step_fn(data))
            ran = True
            on_end(step, logs)
            if caller == "fit" and self.stop_training:
                break
        if not ran:
            what = "training" if caller == "fit" else "evaluation"
            raise ValueError(f"The {what} data produced no batch: the dataset is empty.")
        return logs

    def _validation_from(self, validation_data):
        if validation_data is None:
            return None
        validation_data = da.batch_source(validation_data)
        if da.is_dataset(validation_data):
            return validation_data
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), "
                             "or a Dataset.")
        x, y, sw = (list(validation_data) + [None])[:3]
        return self._arrays(x, y, sw)

    # ---------------------------------------------------------------- evaluate
    def _evaluate_data(self, data, batch_size: int, callback_list, steps=None) -> dict:
        self.reset_metrics()
        callback_list.on_test_begin({})
        batches = self._batches(data, batch_size, False)
        if steps is not None:
            batches = itertools.islice(batches, int(steps))
        logs = self._run_batches(batches, self._checked_step("test_step"), callback_list.on_test_batch_begin,
                                 callback_list.on_test_batch_end, "evaluate")
        callback_list.on_test_end(logs)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict: bool = False):
        """The loss (with regularization penalties) and metrics on the data, in inference mode.

        Returns the loss alone when there are no metrics (one output), else
        ``[loss, *metrics]`` in ``metrics_names`` order, or a dict with ``return_dict=True``.
        """
        from axon.callbacks.progbar import resolve_verbose

        self._assert_compiled("evaluate")
        batch_size = da.check_batch_size(batch_size)
        x = da.batch_source(x)
        verbose = resolve_verbose(verbose)
        data, n = self._prepare(x, y, sample_weight)
        total_steps = steps or (None if n is None else math.ceil(n / batch_size))
        callback_list = self._one_pass_callbacks(callbacks, verbose, total_steps)
        logs = self._evaluate_data(data, batch_size, callback_list, steps)
        if return_dict:
            return dict(logs)
        return _ordered_values(logs, self.metrics_names)

    def _one_pass_callbacks(self, callbacks, verbose: int, steps) -> CallbackList:
        """The callbacks of evaluate/predict: the user's, behind a progress bar when verbose."""
        from axon.callbacks.progbar import ProgbarLogger

        callback_list = CallbackList(list(callbacks or []), model=self)
        if verbose:
            callback_list.callbacks.insert(0, ProgbarLogger())
            callback_list.set_model(self)
        callback_list.set_params({"epochs": 1, "verbose": verbose, "steps": steps})
        return callback_list

    # ----------------------------------------------------------------- predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for ``x`` as NumPy arrays (a list for several outputs),
        computed in inference mode in batches by ``predict_step``, recording nothing."""
        from axon.callbacks.progbar import resolve_verbose

        batch_size = da.check_batch_size(batch_size)
        x = da.batch_source(x)
        verbose = resolve_verbose(verbose)
        step_fn = self._checked_step("predict_step")
        if da.is_dataset(x):
            data, n = x, _cardinality(x)
        else:
            data = self._arrays(x, None)
            n = data.n
        total_steps = steps or (None if n is None else math.ceil(n / batch_size))
        callback_list = self._one_pass_callbacks(callbacks, verbose, total_steps)
        callback_list.on_predict_begin({})
        chunks: list = []
        with no_grad():
            for step, data_batch in enumerate(self._batches(data, batch_size, False)):
                if steps is not None and step >= steps:
                    break
                callback_list.on_predict_batch_begin(step, {})
                outputs = self._output_list(step_fn(data_batch))
                chunks.append(to_numpy_structure(outputs))
                callback_list.on_predict_batch_end(step, {"outputs": chunks[-1]})
        callback_list.on_predict_end({})
        if not chunks:
            raise ValueError("predict() received no data: the input is empty.")
        return concatenate_structures(chunks)

    def _output_list(self, outputs):
        """A dict of the model's own outputs as a list in output order (API.md: ``predict``
        returns a list for several outputs); any other structure is kept."""
        if isinstance(outputs, dict) and set(outputs) == set(self.output_names):
            return [outputs[n] for n in self.output_names]
        if isinstance(outputs, tuple):
            return list(outputs)
        return outputs

    # ------------------------------------------------------------ on a batch
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict: bool = False):
        """One gradient step on one batch; returns the loss (and metrics) of that batch."""
        self._assert_compiled("train_on_batch")
        step = self._checked_step("train_step")
        data = self._pack(self._arrays(x, y, sample_weight, class_weight))
        self._prepare_trainable()
        self.reset_metrics()
        try:
            logs = pythonify_logs(step(data))
        finally:
            self._release_trainable()
        return self._batch_result(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """The loss (and metrics) of one batch, in inference mode."""
        self._assert_compiled("test_on_batch")
        step = self._checked_step("test_step")
        data = self._pack(self._arrays(x, y, sample_weight))
        self.reset_metrics()
        with no_grad():
            logs = pythonify_logs(step(data))
        return self._batch_result(logs, return_dict)

    def predict_on_batch(self, x):
        """The outputs for one batch as NumPy arrays."""
        return self.predict(x, batch_size=max(self._arrays(x, None).n, 1), verbose=0)

    def _batch_result(self, logs: dict, return_dict: bool):
        return dict(logs) if return_dict else _ordered_values(logs, self.metrics_names)


class Prepared(NamedTuple):
    """Array data checked once: flat inputs and targets, sample weights, the number
    of samples, and what the user passed (to give ``train_step`` the same structure)."""

    xs: list
    ys: list | None
    sw: object
    n: int
    x_template: object
    y_template: object
    x_names: list


def _ordered_values(logs: dict, names: list[str]):
    """``evaluate``'s list: the values named in ``names`` first, then any other log."""
    values = [logs[k] for k in names if k in logs] + [v for k, v in logs.items() if k not in names]
    return values[0] if len(values) == 1 else values


def _flatten_layers(model) -> list:
    """Every layer below ``model`` (once each), not descending into nested models."""
    out, seen, stack = [], {id(model)}, list(reversed(model._sublayers))
    while stack:
        layer = stack.pop()
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        out.append(layer)
        if not hasattr(layer, "_init_training_state"):
            stack.extend(reversed(layer._sublayers))
    return out


def _is_sequential(model) -> bool:
    return hasattr(model, "_stack")


def _cardinality(dataset):
    """The number of batches of a finite Dataset, else None."""
    try:
        return len(dataset)
    except TypeError:
        return None


def _split_prepared(prepared: Prepared, validation_split: float) -> tuple[Prepared, Prepared]:
    """(train, validation): the validation set is the LAST fraction, before shuffling."""
    xs, ys, sw = prepared.xs, prepared.ys or [], prepared.sw
    train, val = da.split_validation(list(xs) + list(ys) + [sw], validation_split)
    nx, ny = len(xs), len(ys)

    def part(arrays):
        return Prepared(arrays[:nx], arrays[nx:nx + ny] if prepared.ys is not None else None, arrays[-1],
                        len(arrays[0]), prepared.x_template, prepared.y_template, prepared.x_names)

    return part(train), part(val)


def _should_validate(epoch: int, validation_freq) -> bool:
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in set(validation_freq)


def _learning_rate_varies(optimizer, callbacks) -> bool:
    """Log the learning rate when it can change: a schedule or an LR callback."""
    from axon.optimizers.schedules import LearningRateSchedule

    if isinstance(getattr(optimizer, "_learning_rate", None), LearningRateSchedule):
        return True
    return any(type(c).__name__ in ("LearningRateScheduler", "ReduceLROnPlateau") for c in callbacks)
