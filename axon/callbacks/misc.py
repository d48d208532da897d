"""Small callbacks: ``TerminateOnNaN`` (stop on an invalid loss) and
``LambdaCallback`` (a callback made of plain functions)."""

from __future__ import annotations

import math
import numbers

from axon.callbacks.base import Callback
from axon.callbacks.progbar import print_msg

_HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
          "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
          "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end")
# tf.keras 2 spellings of the training-batch hooks.
_ALIASES = {"on_batch_begin": "on_train_batch_begin", "on_batch_end": "on_train_batch_end"}


class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's ``loss`` is NaN or infinite,
    printing ``Batch N: Invalid loss, terminating training``.

    Example:
        >>> model.fit(x, y, epochs=10, callbacks=[TerminateOnNaN()])
    """

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if isinstance(loss, numbers.Real) and not math.isfinite(loss):
            print_msg(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class LambdaCallback(Callback):
    """A callback whose hooks are the functions given, with the hooks'
    arguments: ``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)``,
    ``on_train_begin(logs)``, ``on_train_end(logs)``,
    ``on_train_batch_begin(batch, logs)``, ``on_train_batch_end(batch, logs)``;
    any other hook (``on_test_end=...``, ``on_predict_batch_end=...``, or the
    tf.keras 2 names ``on_batch_begin``/``on_batch_end``) by keyword.

    Example:
        >>> losses = []
        >>> log = LambdaCallback(on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
        >>> model.fit(x, y, epochs=5, callbacks=[log])
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end, "on_train_begin": on_train_begin,
                 "on_train_end": on_train_end, "on_train_batch_begin": on_train_batch_begin,
                 "on_train_batch_end": on_train_batch_end}
        for name, fn in kwargs.items():
            hook = _ALIASES.get(name, name)
            if hook not in _HOOKS:
                raise TypeError(f"LambdaCallback got an unknown hook {name!r}. Hooks: {', '.join(_HOOKS)} "
                                f"(and {', '.join(_ALIASES)}).")
            hooks[hook] = fn if fn is not None else hooks.get(hook)
        for hook, fn in hooks.items():
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"LambdaCallback's `{hook}` must be a function. Received: {fn!r}")
            setattr(self, hook, fn)
