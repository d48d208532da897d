"""``paddle.Model``: Paddle's high-level API (``prepare`` / ``fit`` / ``evaluate`` / ``predict``).

A thin loop over ``paddle.io.DataLoader``: each training step is the network's
forward, the loss, ``backward()``, ``optimizer.step()`` and ``clear_grad()`` on
axon's autodiff, with Paddle's callbacks and progress lines around it. The
loss logged is the current step's; metrics are accumulated over the epoch.
"""

from __future__ import annotations

import inspect
import os

import numpy as np

from axon.autograd.op import no_grad
from axon.paddle.hapi.callbacks import config_callbacks
from axon.paddle.io import DataLoader, Dataset
from axon.paddle.serialization import load as _load
from axon.paddle.serialization import save as _save
from axon.paddle.tensor import Tensor


def _to_list(x) -> list:
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(np.asarray(x))


class Model:
    """Wrap a ``paddle.nn.Layer`` for training with ``fit``, ``evaluate`` and ``predict``.

    Args:
        network: the ``paddle.nn.Layer``.
        inputs, labels: ``paddle.static.InputSpec`` lists (optional: their count says how many
            fields of each batch are inputs; by default, the number of ``forward``'s arguments).

    Example:
        >>> model = paddle.Model(paddle.vision.models.LeNet())
        >>> model.prepare(paddle.optimizer.Adam(parameters=model.parameters()), paddle.nn.CrossEntropyLoss(),
        ...               paddle.metric.Accuracy())
        >>> model.fit(train_dataset, epochs=2, batch_size=64, verbose=1)
    """

    def __init__(self, network, inputs=None, labels=None):
        self.network = network
        self._inputs = _to_list(inputs) or self._forward_arguments(network)
        self._labels = _to_list(labels)
        self._optimizer = None
        self._loss = None
        self._metrics: list = []
        self.stop_training = False
        self._save_dir = None
        self.mode = "train"

    @staticmethod
    def _forward_arguments(network) -> list:
        params = [p for p in inspect.signature(network.forward).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        return [p.name for p in params] or ["input"]

    # ------------------------------------------------------------ setup
    def prepare(self, optimizer=None, loss=None, metrics=None, amp_configs=None) -> None:
        """Set the optimizer, the loss (a Layer or a function of ``(outputs..., labels...)``) and metrics."""
        from axon.paddle.metric import Metric
        from axon.paddle.optimizer import Optimizer

        if optimizer is not None and not isinstance(optimizer, Optimizer):
            raise TypeError(f"prepare: `optimizer` must be a paddle.optimizer.Optimizer. Received {optimizer!r}")
        if loss is not None and not callable(loss):
            raise TypeError(f"prepare: `loss` must be a paddle.nn.Layer or a function. Received {loss!r}")
        if amp_configs is not None:
            raise NotImplementedError("prepare(amp_configs=...): mixed precision is not supported by axon.paddle.")
        self._optimizer, self._loss = optimizer, loss
        self._metrics = _to_list(metrics)
        for m in self._metrics:
            if not isinstance(m, Metric):
                raise TypeError(f"prepare: metrics must be paddle.metric.Metric instances. Received {m!r}")

    def parameters(self, *args, **kwargs) -> list:
        """The network's parameters."""
        return self.network.parameters(*args, **kwargs)

    def _metrics_name(self) -> list:
        names = ["loss"] if self._loss else []
        for m in self._metrics:
            names.extend(_to_list(m.name()))
        return names

    # ------------------------------------------------------------ batches
    def _forward(self, inputs):
        return self.network(*[_as_tensor(x) for x in _to_list(inputs)])

    def _metric_updates(self, outputs, labels) -> list:
        results = []
        for m in self._metrics:
            outs = m.compute(*(_to_list(outputs) + labels))
            results.append(m.update(*[o.numpy() if isinstance(o, Tensor) else o for o in _to_list(outs)]))
        return results

    def train_batch(self, inputs, labels=None, update: bool = True):
        """One training step on one batch: returns the losses as a list of arrays (and the metrics if any)."""
        if self._optimizer is None or self._loss is None:
            raise RuntimeError("train_batch: call model.prepare(optimizer, loss, ...) before training.")
        self.network.train()
        self.mode = "train"
        labels = [_as_tensor(y) for y in _to_list(labels)]
        outputs = self._forward(inputs)
        losses = _to_list(self._loss(*(_to_list(outputs) + labels)))
        total = losses[0]
        for extra in losses[1:]:
            total = total + extra
        total.backward()
        if update:
            self._optimizer.step()
            self._optimizer.clear_grad()
        values = [np.asarray(loss.numpy()).reshape(-1)[:1] for loss in losses]
        metrics = self._metric_updates(outputs, labels)
        return (values, metrics) if self._metrics else values

    @no_grad()
    def eval_batch(self, inputs, labels=None):
        """Evaluate one batch: the losses (and the metrics if any), nothing updated."""
        self.network.eval()
        self.mode = "eval"
        labels = [_as_tensor(y) for y in _to_list(labels)]
        outputs = self._forward(inputs)
        values = []
        if self._loss:
            values = [np.asarray(loss.numpy()).reshape(-1)[:1] for loss in
                      _to_list(self._loss(*(_to_list(outputs) + labels)))]
        metrics = self._metric_updates(outputs, labels)
        if self._metrics and self._loss:
            return values, metrics
        return metrics if self._metrics else values

    @no_grad()
    def predict_batch(self, inputs) -> list:
        """The network's outputs on one batch, as a list of NumPy arrays."""
        self.network.eval()
        self.mode = "test"
        return [o.numpy() for o in _to_list(self._forward(inputs))]

    # ------------------------------------------------------------ loops
    def _loader(self, data, batch_size, shuffle, drop_last, num_workers):
        if data is None or isinstance(data, DataLoader):
            return data
        if isinstance(data, Dataset):
            return DataLoader(data, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                              num_workers=num_workers)
        raise TypeError(f"Expected a paddle.io.Dataset or DataLoader. Received {type(data).__name__}; wrap arrays "
                        "with paddle.io.TensorDataset([x, y]).")

    def _run_one_epoch(self, loader, callbacks, mode: str):
        outputs, logs = [], {}
        steps = len(loader) if hasattr(loader, "__len__") else None
        n_in = len(self._inputs)
        for step, data in enumerate(loader):
            data = _to_list(data)
            if len(data) == 2 and isinstance(data[0], (list, tuple)):
                data = list(data[0]) + list(data[1])
            batch_size = data[0].shape[0]
            callbacks.on_batch_begin(mode, step, logs)
            if mode == "predict":
                outputs.append(self.predict_batch(data[:n_in]))
            else:
                outs = getattr(self, f"{mode}_batch")(data[:n_in], data[n_in:])
                if self._metrics and self._loss:
                    values = [[float(v[0]) for v in outs[0]]]
                elif self._loss:
                    values = [[float(v[0]) for v in outs]]
                else:
                    values = []
                for m in self._metrics:
                    values.extend(_to_list(m.accumulate()))
                logs.update(zip(self._metrics_name(), values))
            logs["step"], logs["batch_size"] = step, batch_size
            callbacks.on_batch_end(mode, step, logs)
            if steps is not None and step + 1 >= steps:
                break
        return (logs, outputs) if mode == "predict" else logs

    def fit(self, train_data=None, eval_data=None, batch_size=1, epochs: int = 1, eval_freq: int = 1,
            log_freq: int = 10, save_dir=None, save_freq: int = 1, verbose: int = 2, drop_last: bool = False,
            shuffle: bool = True, num_workers: int = 0, callbacks=None, accumulate_grad_batches: int = 1,
            num_iters=None):
        """Train for ``epochs`` over ``train_data`` (a Dataset or DataLoader), evaluating on ``eval_data``
        every ``eval_freq`` epochs and saving to ``save_dir`` every ``save_freq`` epochs."""
        if train_data is None:
            raise ValueError("fit: train_data is required (a paddle.io.Dataset or DataLoader).")
        if accumulate_grad_batches != 1:
            raise NotImplementedError("fit(accumulate_grad_batches > 1) is not supported by axon.paddle.")
        train_loader = self._loader(train_data, batch_size, shuffle, drop_last, num_workers)
        eval_loader = self._loader(eval_data, batch_size, False, False, num_workers)
        self._save_dir = save_dir
        steps = len(train_loader) if hasattr(train_loader, "__len__") else None
        if num_iters is not None:
            steps = min(steps or num_iters, int(num_iters))
            epochs = -(-int(num_iters) // max(steps, 1))
        cbks = config_callbacks(callbacks, model=self, batch_size=batch_size, epochs=epochs, steps=steps,
                                log_freq=log_freq, save_freq=save_freq, save_dir=save_dir, verbose=verbose,
                                metrics=self._metrics_name())
        self.stop_training = False
        cbks.on_begin("train")
        logs = {}
        done = 0
        for epoch in range(epochs):
            for m in self._metrics:
                m.reset()
            cbks.on_epoch_begin(epoch)
            logs = self._run_one_epoch(_Limited(train_loader, steps), cbks, "train")
            done += steps or 0
            cbks.on_epoch_end(epoch, logs)
            if eval_loader is not None and epoch % eval_freq == 0:
                self._evaluate_with(eval_loader, cbks)
            if self.stop_training or (num_iters is not None and done >= num_iters):
                break
        cbks.on_end("train", logs)

    def _evaluate_with(self, loader, cbks) -> dict:
        for m in self._metrics:
            m.reset()
        steps = len(loader) if hasattr(loader, "__len__") else None
        cbks.on_begin("eval", {"steps": steps, "metrics": self._metrics_name()})
        logs = self._run_one_epoch(loader, cbks, "eval")
        cbks.on_end("eval", logs)
        return logs

    def evaluate(self, eval_data, batch_size=1, log_freq: int = 10, verbose: int = 2, num_workers: int = 0,
                 callbacks=None, num_samples=None) -> dict:
        """The loss (the last batch's, as Paddle reports it) and the metrics over ``eval_data``."""
        loader = self._loader(eval_data, batch_size, False, False, num_workers)
        cbks = config_callbacks(callbacks, model=self, log_freq=log_freq, verbose=verbose,
                                metrics=self._metrics_name(), mode="eval")
        logs = self._evaluate_with(loader, cbks)
        return {k: logs[k] for k in self._metrics_name() if k in logs}

    def predict(self, test_data, batch_size=1, num_workers: int = 0, stack_outputs: bool = False, verbose: int = 1,
                callbacks=None) -> list:
        """The network's outputs over ``test_data``: one list per output, of batch arrays (or one stacked
        array each with ``stack_outputs=True``)."""
        loader = self._loader(test_data, batch_size, False, False, num_workers)
        cbks = config_callbacks(callbacks, model=self, log_freq=10, verbose=verbose, metrics=[], mode="predict")
        steps = len(loader) if hasattr(loader, "__len__") else None
        cbks.on_begin("predict", {"steps": steps, "metrics": []})
        logs, outputs = self._run_one_epoch(loader, cbks, "predict")
        outputs = [list(o) for o in zip(*outputs)]
        if stack_outputs:
            outputs = [np.vstack(o) for o in outputs]
        cbks.on_end("predict", logs)
        return outputs

    # ------------------------------------------------------------ files
    def save(self, path, training: bool = True) -> None:
        """Write ``path.pdparams`` (the network's state) and ``path.pdopt`` (the optimizer's), or with
        ``training=False`` the inference weights ``path.pdiparams``; all in axon's safe format."""
        path = os.fspath(path)
        if not os.path.basename(path):
            raise ValueError(f"save: the path must end with a file prefix, e.g. 'output/lenet'. Received {path!r}")
        if not training:
            _save(self.network.state_dict(), path + ".pdiparams")
            return
        _save(self.network.state_dict(), path + ".pdparams")
        if self._optimizer is not None:
            _save(self._optimizer.state_dict(), path + ".pdopt")

    def load(self, path, skip_mismatch: bool = False, reset_optimizer: bool = False) -> None:
        """Read ``path.pdparams`` into the network and, unless ``reset_optimizer``, ``path.pdopt`` into the
        optimizer; a shape mismatch is an error unless ``skip_mismatch``."""
        path = os.fspath(path)
        params = path if path.endswith(".pdparams") else path + ".pdparams"
        state = _load(params)
        own = self.network.state_dict()
        mismatched = [k for k, v in state.items() if k in own and list(np.shape(v)) != own[k].shape]
        missing = [k for k in own if k not in state]
        if (mismatched or missing) and not skip_mismatch:
            raise ValueError(f"load: {params} does not fit this network: missing {missing}, shape mismatches "
                             f"{mismatched}. Pass skip_mismatch=True to load the rest.")
        self.network.set_state_dict({k: v for k, v in state.items() if k in own and k not in mismatched})
        opt_path = params[:-len(".pdparams")] + ".pdopt"
        if not reset_optimizer and self._optimizer is not None and os.path.exists(opt_path):
            self._optimizer.set_state_dict(_load(opt_path, return_numpy=True))

    def summary(self, input_size=None, dtype=None) -> dict:
        """``paddle.summary`` of the network (``input_size`` from the InputSpecs when not given)."""
        from axon.paddle.hapi.summary import summary

        if input_size is None:
            shapes = [getattr(spec, "shape", None) for spec in self._inputs]
            if not shapes or any(s is None for s in shapes):
                raise ValueError("summary: give input_size (e.g. (1, 1, 28, 28)) or create the Model with "
                                 "inputs=[paddle.static.InputSpec(shape, dtype)].")
            input_size = [tuple(s) for s in shapes] if len(shapes) > 1 else tuple(shapes[0])
        return summary(self.network, input_size, dtypes=dtype)


class _Limited:
    """A loader cut to ``steps`` batches (``num_iters``)."""

    def __init__(self, loader, steps):
        self.loader, self.steps = loader, steps

    def __len__(self):
        return self.steps

    def __iter__(self):
        for i, batch in enumerate(self.loader):
            if self.steps is not None and i >= self.steps:
                return
            yield batch
