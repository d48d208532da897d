"""The progress display: ``Progbar`` (a reusable progress bar), ``ProgbarLogger``
(the callback ``fit``, ``evaluate`` and ``predict`` show it through) and
``resolve_verbose`` (what ``verbose='auto'`` means)."""

from __future__ import annotations

import numbers
import re
import sys
import threading
import time

from axon.callbacks.base import Callback

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Bars in several threads share one terminal: one thread at a time (the first to
# draw, until its bar finishes or the thread ends) redraws its line in place; bars
# of other threads print only their final line, each write whole and over the live
# line, so no line is ever a mix of two bars.
_screen_lock = threading.Lock()
_live = {"thread": None, "width": 0}


def resolve_verbose(verbose) -> int:
    """The verbosity ``fit``/``evaluate``/``predict`` use for ``verbose``.

    ``'auto'`` is 1 (an animated bar) when stdout is a terminal and 2 (one line
    per epoch) otherwise, so logs written to files stay short; ints pass through.

    Example:
        >>> resolve_verbose(2)
        2
    """
    if verbose == "auto":
        return 1 if _isatty(sys.stdout) else 2
    if isinstance(verbose, numbers.Integral) and 0 <= int(verbose) <= 2:
        return int(verbose)
    raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2. Received: verbose={verbose!r}")


def print_msg(message: str) -> None:
    """Write one line to the current ``sys.stdout`` and flush it (callbacks' messages)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _isatty(stream) -> bool:
    """Whether ``stream`` shows '\\r' redraws: a terminal, or a Jupyter output stream."""
    if type(stream).__module__.startswith("ipykernel"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def can_encode(stream, text: str) -> bool:
    """Whether ``stream`` can show ``text``; an in-memory stream (no encoding) holds any str."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:  # io.StringIO and friends hold str, anything goes
        return True
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _format_value(value) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
        return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"
    return str(value)


def _format_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds >= 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def _format_per_unit(seconds: float, unit_name: str) -> str:
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


class Progbar:
    """A text progress bar written to ``sys.stdout``.

    ``verbose=1`` redraws one line in place (at most every ``interval``
    seconds, and always at the last step) when stdout is a terminal, and
    prints only the final line otherwise; ``verbose=2`` prints only the final
    line, in a compact form; ``verbose=0`` prints nothing. Values named in
    ``stateful_metrics`` are shown as given; others are averaged over the steps.

    Args:
        target: the number of steps, or ``None`` if unknown.
        width: the bar's width in characters.
        verbose: 0 (silent), 1 (bar) or 2 (one line at the end).
        interval: the least time in seconds between two redraws.
        stateful_metrics: names of values shown as they are, not averaged.
        unit_name: what a step is called (``'5ms/step'``).

    Example:
        >>> bar = Progbar(100)
        >>> for i in range(100):
        ...     bar.update(i + 1, values=[("loss", 0.5)])
    """

    def __init__(self, target: int | None, width: int = 20, verbose: int = 1, interval: float = 0.05,
                 stateful_metrics=None, unit_name: str = "step"):
        if target is not None and (not isinstance(target, numbers.Integral) or target < 0):
            raise ValueError(f"`target` must be a non-negative int or None. Received: target={target!r}")
        self.target = None if target is None else int(target)
        self.width = int(width)
        self.verbose = int(verbose)
        self.interval = float(interval)
        self.stateful_metrics = set(stateful_metrics or ())
        self.unit_name = unit_name
        self._values: dict = {}  # name -> [weighted sum, weight] or the value itself (stateful)
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_width = 0

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Move the bar to step ``current`` and record ``values``.

        Args:
            current: the number of steps done.
            values: ``(name, value)`` pairs or a dict.
            finalize: whether this is the last update; defaults to
                ``current >= target`` when the target is known.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        items = values.items() if isinstance(values, dict) else (values or ())
        weight = max(current - self._seen_so_far, 1)
        for name, value in items:
            if name in self.stateful_metrics:
                self._values[name] = value
            elif name in self._values:
                self._values[name][0] += value * weight
                self._values[name][1] += weight
            else:
                self._values[name] = [value * weight, weight]
        self._seen_so_far = current
        now = time.time()
        per_unit = self._time_per_unit(current, now)
        if self.verbose == 0:
            return
        stream = sys.stdout
        with _screen_lock:
            self._draw(stream, current, now, per_unit, finalize)

    def _draw(self, stream, current: int, now: float, per_unit: float, finalize: bool) -> None:
        # Called with _screen_lock held.
        tty, owner = _isatty(stream), _live["thread"]
        if tty and self.verbose == 1 and (owner is None or not owner.is_alive()):
            owner = _live["thread"] = threading.current_thread()
        if self.verbose == 2 or not tty or owner is not threading.current_thread():
            if finalize:
                line = self._compact_line(current, now, per_unit) if self.verbose == 2 else \
                    self._bar_line(current, now, per_unit, finalize, stream, color=False)
                if tty and owner is not None:  # write over the live bar, which redraws below
                    line = "\r" + line + " " * max(_live["width"] - len(line), 0)
                stream.write(line + "\n")
                stream.flush()
            return
        at_end = self.target is not None and current >= self.target
        if not finalize and not at_end and now - self._last_update < self.interval:
            return
        line = self._bar_line(current, now, per_unit, finalize, stream, color=True)
        width = len(_ANSI.sub("", line))
        stream.write("\r" + line + " " * max(self._prev_width - width, 0) + ("\n" if finalize else ""))
        stream.flush()
        self._prev_width = 0 if finalize else width
        self._last_update = now
        if finalize:
            _live["thread"], _live["width"] = None, 0
        else:
            _live["width"] = width

    def add(self, n: int, values=None) -> None:
        """Advance the bar by ``n`` steps."""
        self.update(self._seen_so_far + n, values)

    def _time_per_unit(self, current: int, now: float) -> float:
        # The first step often pays one-off costs (building, caches): time the rest.
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit

    def _metrics_text(self) -> str:
        parts = []
        for name, value in self._values.items():
            if isinstance(value, list):
                value = value[0] / max(value[1], 1)
            parts.append(f" - {name}: {_format_value(value)}")
        return "".join(parts)

    def _bar_line(self, current: int, now: float, per_unit: float, finalize: bool, stream, color: bool) -> str:
        if self.target is None:
            head = f"{current:7d}/Unknown"
        else:
            digits = len(str(self.target))
            head = f"{current:{digits}d}/{self.target} " + self._bar(current, stream, color)
        if self.target is not None and not finalize:
            timing = _format_duration(per_unit * max(self.target - current, 0))
        else:
            timing = f"{now - self._start:.0f}s"
        return f"{head} {timing} {_format_per_unit(per_unit, self.unit_name)}{self._metrics_text()}"

    def _bar(self, current: int, stream, color: bool) -> str:
        done = int(self.width * min(current / self.target, 1.0)) if self.target else self.width
        rest = self.width - done
        if not can_encode(stream, "━─"):
            return "=" * done + "." * rest
        if color:
            return (f"\x1b[32m{'━' * done}\x1b[0m" if done else "") + (f"\x1b[2m{'━' * rest}\x1b[0m" if rest else "")
        return "━" * done + "─" * rest

    def _compact_line(self, current: int, now: float, per_unit: float) -> str:
        count = f"{current}/{self.target}" if self.target is not None else f"{current}/Unknown"
        return (f"{count} - {now - self._start:.0f}s - {_format_per_unit(per_unit, self.unit_name)}"
                f"{self._metrics_text()}")


def _display_order(logs: dict) -> list:
    # Training values first, then validation, then the learning rate, as Keras shows them.
    def key(name):
        return (name == "learning_rate", name.startswith("val_"), name)
    return sorted(logs.items(), key=lambda item: key(item[0]))


class ProgbarLogger(Callback):
    """Shows progress on stdout: ``fit`` prints ``Epoch 3/10`` and a bar per
    epoch, ``evaluate`` and ``predict`` one bar.

    The verbosity comes from ``self.params['verbose']`` (see ``Progbar``):
    1 is an animated bar on a terminal (only the final line of each epoch when
    stdout is a file or a pipe), 2 one line per epoch such as
    ``469/469 - 3s - 6ms/step - accuracy: 0.9712 - loss: 0.0981``, 0 nothing.
    The metrics are the running values from the logs; the epoch's final line
    also carries the ``val_`` metrics. Validation inside ``fit`` is not shown.

    Example:
        >>> model.fit(x, y, epochs=10, callbacks=[axon.callbacks.ProgbarLogger()])
    """

    def __init__(self):
        super().__init__()
        self.verbose = 1
        self.epochs = 1
        self.target = None
        self.progbar: Progbar | None = None
        self._seen = 0
        self._in_fit = False

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        self.verbose = resolve_verbose(params.get("verbose", 1))
        self.epochs = int(params.get("epochs") or 1)
        self.target = params.get("steps")

    def _start_bar(self) -> None:
        self._seen = 0
        self.progbar = Progbar(self.target, verbose=self.verbose)

    def _update(self, batch: int, logs) -> None:
        self._seen = batch + 1
        if self.progbar is None:
            self._start_bar()
        if self.target is not None and self._seen >= self.target:
            return  # the last step is drawn once, by _finish, with the val_ values
        items = _display_order(logs or {})
        self.progbar.stateful_metrics.update(name for name, _ in items)
        self.progbar.update(self._seen, items, finalize=False)

    def _finish(self, logs) -> None:
        if self.progbar is None:
            return
        # An unknown step count is learned in the first epoch and shown from then on.
        self.target = self.target or self._seen
        self.progbar.target = self.target
        items = _display_order(logs or {})
        self.progbar.stateful_metrics.update(name for name, _ in items)
        self.progbar.update(self._seen or self.target or 0, items, finalize=True)
        self.progbar = None

    def on_train_begin(self, logs=None):
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._start_bar()
        if self.verbose:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finish(logs)

    def on_test_begin(self, logs=None):
        if not self._in_fit:
            self._start_bar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs=None):
        self._start_bar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)  # the logs hold the predictions, not metrics

    def on_predict_end(self, logs=None):
        self._finish(None)
