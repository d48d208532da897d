"""``compile``, ``fit``, ``evaluate``, ``predict``: the Keras training API.

The loop is short on purpose: prepare the data once (checks, validation split,
shapes), then for each epoch and batch run ``train_step`` and the callbacks.
History and the progress bar are callbacks like any other.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from axon import backend as B
from axon import optimizers
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor
from axon.callbacks.base import CallbackList
from axon.callbacks.history import History
from axon.models import data_adapter as da
from axon.models.compile_utils import LossContainer, MetricsContainer, regularization_loss


class TrainingMixin:
    """The training API shared by every ``Model``."""

    def _init_training_state(self) -> None:
        self.optimizer = None
        self.loss = None
        self.compiled_loss: LossContainer | None = None
        self.compiled_metrics: MetricsContainer | None = None
        self.stop_training = False
        self.history = None
        self._compile_args: dict | None = None
        self._log_learning_rate = False
        self._trainable_for_step = None

    # ---------------------------------------------------------------- compile
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
                run_eagerly=None, steps_per_execution=1, jit_compile=None, **kwargs) -> None:
        """Choose the optimizer, the loss and the metrics.

        Args:
            optimizer: a name (``'sgd'``, ``'adam'``, ``'rmsprop'`` ...) or an optimizer.
            loss: a name (``'mse'``, ``'sparse_categorical_crossentropy'`` ...), a loss
                object or function; a dict or list for several outputs.
            metrics: a list of names (``['accuracy']``) or metric objects; a dict
                or list of lists for several outputs.
            loss_weights: weights of the outputs' losses in the total.
        """
        if kwargs:
            raise TypeError(f"compile() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = {"loss": loss, "metrics": metrics, "loss_weights": loss_weights}
        self.compiled_loss = None
        self.compiled_metrics = None
        if self._graph is not None or _is_sequential(self):
            self._make_containers(self.output_names)
        else:
            count = len(loss) if isinstance(loss, (list, tuple, dict)) else 1
            names = list(loss) if isinstance(loss, dict) else [f"output_{i + 1}" for i in range(count)]
            self._make_containers(names if count > 1 else ["output_1"])

    def _make_containers(self, names: list[str]) -> None:
        args = self._compile_args
        self.compiled_loss = LossContainer(args["loss"], names, args["loss_weights"])
        self.compiled_metrics = MetricsContainer(args["metrics"], names, self.compiled_loss.losses)

    def _assert_compiled(self, what: str) -> None:
        if self.optimizer is None or self.compiled_loss is None:
            raise RuntimeError(f"You must call compile() before {what}(), e.g. "
                               "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy').")

    @property
    def metrics_names(self) -> list[str]:
        """The names of the values ``evaluate`` returns, in order."""
        names = ["loss"]
        if self.compiled_loss is not None and len(self.compiled_loss.output_names) > 1:
            names += [f"{n}_loss" for n in self.compiled_loss.output_names]
        if self.compiled_metrics is not None and self.compiled_metrics.built:
            names += self.compiled_metrics.names()
        return names

    # ------------------------------------------------------------------ steps
    def _forward_list(self, xs: list, training: bool) -> list[Tensor]:
        out = self(xs[0] if len(xs) == 1 else xs, training=training)
        if isinstance(out, dict):
            out = [out[n] for n in self.output_names]
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        self._seen_outputs = len(outs)
        return outs

    def _compute_loss(self, ys: list, preds: list, sws: list | None):
        if len(preds) != len(self.compiled_loss.output_names):
            raise ValueError(f"The model produced {len(preds)} outputs but compile() was given losses for "
                             f"{len(self.compiled_loss.output_names)}.")
        if len(ys) != len(preds):
            raise ValueError(f"The model has {len(preds)} outputs but {len(ys)} target arrays were given.")
        total, parts = self.compiled_loss(ys, preds, sws)
        reg = regularization_loss(self)
        if reg is not None:
            total = total + reg
        return total, parts

    def train_step(self, xs: list, ys: list, sws: list | None = None) -> tuple[float, list]:
        """One gradient step on a batch; returns the loss and the per-output losses."""
        preds = self._forward_list(xs, training=True)
        if self._trainable_for_step is None:  # a model built by this very batch
            self._prepare_trainable()
        total, parts = self._compute_loss(ys, preds, sws)
        variables = self._trainable_for_step
        for v in variables:
            v._grad = None
        total.backward()
        self.optimizer.apply_gradients([(v._grad, v) for v in variables])
        self.compiled_metrics.update(ys, preds, sws)
        return float(total.data), [None if p is None else float(p.data) for p in parts]

    def test_step(self, xs: list, ys: list, sws: list | None = None) -> tuple[float, list]:
        """Loss and metric updates on a batch, in inference mode, recording nothing."""
        with no_grad():
            preds = self._forward_list(xs, training=False)
            total, parts = self._compute_loss(ys, preds, sws)
        self.compiled_metrics.update(ys, preds, sws)
        return float(total.data), [None if p is None else float(p.data) for p in parts]

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
    def _arrays(self, x, y, sample_weight=None, class_weight=None):
        """Check and convert array data once; returns (xs, ys, sws, n)."""
        if x is None:
            raise ValueError("No input data: pass x (arrays or an axon.data.Dataset).")
        xs = [da.as_array(a, floatx=True) for a in da.structure_inputs(self, x)]
        self._spread_loss_over_targets(y, len(xs[0]) if xs and hasattr(xs[0], "__len__") else None)
        ys = da.structure_targets(self, y)
        ys = None if ys is None else [None if a is None else da.as_array(a, floatx=False) for a in ys]
        sw = None if sample_weight is None else B.xp.asarray(sample_weight, dtype=B.floatx()).reshape(-1)
        n = da.check_lengths(xs, ys, sw)
        if class_weight is not None:
            if ys is None:
                raise ValueError("class_weight needs targets y.")
            cw = B.xp.asarray(da.class_weights_to_sample_weights(ys[0], class_weight))
            sw = cw if sw is None else sw * cw
        return xs, ys, sw, n

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

    def _per_output_weights(self, sw, n_outputs: int):
        return None if sw is None else [sw] * n_outputs

    def _batches(self, data, batch_size: int, shuffle: bool, class_weight=None):
        """Yield (xs, ys, sws) batches from prepared arrays or a Dataset, for one epoch
        (``class_weight`` weighs a Dataset's batches; arrays come weighted already)."""
        if isinstance(data, tuple):
            xs, ys, sw, n = data
            for index in da.batch_slices(n, batch_size, shuffle):
                bx = [a[index] for a in xs]
                by = None if ys is None else [da.take(a, index) for a in ys]
                bw = None if sw is None else sw[index]
                yield bx, by, bw
        else:
            for element in data:
                x, y, sw = da.unpack_xy(element)
                xs, ys, sw, _ = self._arrays(x, y, sw, class_weight if y is not None else None)
                yield da.adapt_input_shapes(self, xs), ys, sw

    def _prepare(self, x, y, sample_weight=None, class_weight=None):
        if da.is_dataset(x):
            if y is not None:
                raise ValueError("When x is a Dataset, y must be None: the dataset yields (x, y) pairs.")
            return x, _cardinality(x)
        xs, ys, sw, n = self._arrays(x, y, sample_weight, class_weight)
        return (da.adapt_input_shapes(self, xs), ys, sw, n), n

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
        batch_size = 32 if batch_size is None else int(batch_size)
        if batch_size <= 0:
            raise ValueError(f"`batch_size` must be a positive int. Received: batch_size={batch_size}")
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
            xs, ys, sw, n = self._arrays(x, y, sample_weight, class_weight)
            val = self._validation_from(validation_data)
            if validation_split and val is None:
                (xs_t, xs_v), (ys_t, ys_v), (sw_t, sw_v) = _split_all(xs, ys, sw, validation_split)
                xs, ys, sw, n = xs_t, ys_t, sw_t, len(xs_t[0])
                val = (da.adapt_input_shapes(self, xs_v), ys_v, sw_v, len(xs_v[0]))
            train = (da.adapt_input_shapes(self, xs), ys, sw, n)
            steps = math.ceil(n / batch_size)
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
        self._prepare_trainable()
        try:
            callback_list.on_train_begin()
            logs: dict = {}
            for epoch in range(int(initial_epoch), int(epochs)):
                self.compiled_metrics.reset()
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
        return self._run_batches(batches, self.train_step, callback_list.on_train_batch_begin,
                                 callback_list.on_train_batch_end, "fit")

    def _run_batches(self, batches, step_fn, on_begin, on_end, caller: str) -> dict:
        """Run ``step_fn`` on every batch with the batch hooks around it; returns the
        logs, whose loss is the sample-weighted mean over the batches so far."""
        total, count, part_totals, logs = 0.0, 0, None, {}
        for step, (xs, ys, sw) in enumerate(batches):
            if ys is None:
                raise ValueError(f"{caller}() needs targets: pass y, or a Dataset yielding (x, y) pairs.")
            on_begin(step)
            size = len(xs[0])
            loss, parts = step_fn(xs, ys, self._per_output_weights(sw, len(ys)))
            total += loss * size
            count += size
            part_totals = _accumulate_parts(part_totals, parts, size)
            logs = self._logs(total / count, part_totals, count)
            on_end(step, logs)
            if caller == "fit" and self.stop_training:
                break
        if count == 0:
            what = "training" if caller == "fit" else "evaluation"
            raise ValueError(f"The {what} data produced no batch: the dataset is empty.")
        return logs

    def _logs(self, loss: float, part_totals, count: int) -> dict:
        logs = {"loss": loss}
        if part_totals is not None and len(part_totals) > 1:
            for name, value in zip(self.compiled_loss.output_names, part_totals):
                if value is not None:
                    logs[f"{name}_loss"] = value / count
        logs.update(self.compiled_metrics.results())
        return logs

    def _validation_from(self, validation_data):
        if validation_data is None:
            return None
        if da.is_dataset(validation_data):
            return validation_data
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), "
                             "or a Dataset.")
        x, y, sw = (list(validation_data) + [None])[:3]
        xs, ys, sw, n = self._arrays(x, y, sw)
        return da.adapt_input_shapes(self, xs), ys, sw, n

    # ---------------------------------------------------------------- evaluate
    def _evaluate_data(self, data, batch_size: int, callback_list, steps=None) -> dict:
        self.compiled_metrics.reset()
        callback_list.on_test_begin()
        batches = self._batches(data, batch_size, False)
        if steps is not None:
            batches = itertools.islice(batches, int(steps))
        logs = self._run_batches(batches, self.test_step, callback_list.on_test_batch_begin,
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
        batch_size = 32 if batch_size is None else int(batch_size)
        verbose = resolve_verbose(verbose)
        data, n = self._prepare(x, y, sample_weight)
        total_steps = steps or (None if n is None else math.ceil(n / batch_size))
        callback_list = self._one_pass_callbacks(callbacks, verbose, total_steps)
        logs = self._evaluate_data(data, batch_size, callback_list, steps)
        if return_dict:
            return dict(logs)
        values = [logs[k] for k in self.metrics_names if k in logs]
        return values[0] if len(values) == 1 else values

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
        computed in inference mode in batches, recording nothing."""
        from axon.callbacks.progbar import resolve_verbose

        batch_size = 32 if batch_size is None else int(batch_size)
        verbose = resolve_verbose(verbose)
        if da.is_dataset(x):
            data, n = x, _cardinality(x)
        else:
            xs = [da.as_array(a, floatx=True) for a in da.structure_inputs(self, x)]
            n = da.check_lengths(xs, None)
            data = (da.adapt_input_shapes(self, xs), None, None, n)
        total_steps = steps or (None if n is None else math.ceil(n / batch_size))
        callback_list = self._one_pass_callbacks(callbacks, verbose, total_steps)
        callback_list.on_predict_begin()
        chunks: list[list] = []
        with no_grad():
            for step, (xs, _, _) in enumerate(self._batches(data, batch_size, False)):
                if steps is not None and step >= steps:
                    break
                callback_list.on_predict_batch_begin(step)
                outs = self._forward_list(xs, training=False)
                chunks.append([B.to_numpy(o.data) for o in outs])
                callback_list.on_predict_batch_end(step, {"outputs": chunks[-1]})
        callback_list.on_predict_end()
        if not chunks:
            raise ValueError("predict() received no data: the input is empty.")
        results = [np.concatenate([c[i] for c in chunks]) for i in range(len(chunks[0]))]
        return results[0] if len(results) == 1 else results

    # ------------------------------------------------------------ on a batch
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict: bool = False):
        """One gradient step on one batch; returns the loss (and metrics) of that batch."""
        self._assert_compiled("train_on_batch")
        xs, ys, sw, _ = self._arrays(x, y, sample_weight, class_weight)
        self._prepare_trainable()
        self.compiled_metrics.reset()
        try:
            loss, parts = self.train_step(da.adapt_input_shapes(self, xs), ys, self._per_output_weights(sw, len(ys)))
        finally:
            self._release_trainable()
        return self._batch_result(loss, parts, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """The loss (and metrics) of one batch, in inference mode."""
        self._assert_compiled("test_on_batch")
        xs, ys, sw, _ = self._arrays(x, y, sample_weight)
        self.compiled_metrics.reset()
        loss, parts = self.test_step(da.adapt_input_shapes(self, xs), ys, self._per_output_weights(sw, len(ys)))
        return self._batch_result(loss, parts, return_dict)

    def predict_on_batch(self, x):
        """The outputs for one batch as NumPy arrays."""
        return self.predict(x, batch_size=max(len(da.structure_inputs(self, x)[0]), 1), verbose=0)

    def _batch_result(self, loss: float, parts: list, return_dict: bool):
        logs = self._logs(loss, parts if len(parts) > 1 else None, 1)  # one batch: its totals are its values
        if return_dict:
            return logs
        values = [logs[k] for k in self.metrics_names if k in logs]
        return values[0] if len(values) == 1 else values


def _is_sequential(model) -> bool:
    return hasattr(model, "_stack")


def _cardinality(dataset):
    """The number of batches of a finite Dataset, else None."""
    try:
        return len(dataset)
    except TypeError:
        return None


def _split_all(xs, ys, sw, validation_split):
    arrays = list(xs) + list(ys or []) + [sw]
    train, val = da.split_validation(arrays, validation_split)
    nx, ny = len(xs), len(ys or [])
    return ((train[:nx], val[:nx]), (train[nx:nx + ny] if ys is not None else None,
                                     val[nx:nx + ny] if ys is not None else None), (train[-1], val[-1]))


def _accumulate_parts(totals, parts: list, size: int):
    if len(parts) < 2:
        return None
    if totals is None:
        totals = [0.0 if p is not None else None for p in parts]
    return [None if t is None else t + p * size for t, p in zip(totals, parts)]


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
