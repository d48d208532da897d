"""Paddle's progress display: ``step 10/94 [==>....] - loss: 1.4895 - acc: 0.3344 - ETA: 2s - 26ms/step``."""

from __future__ import annotations

import sys
import time

import numpy as np


def _format_values(values) -> str:
    info = ""
    for key, val in values:
        info += f" - {key}:"
        for v in (val if isinstance(val, list) else [val]):
            if isinstance(v, np.ndarray) and v.size == 1:
                v = v.item()
            if isinstance(v, (float, np.floating)):
                info += f" {v:.4f}" if abs(v) > 1e-3 else f" {v:.4e}"
            else:
                info += f" {v}"
    return info


class ProgressBar:
    """One progress line per step count, rewritten in place (``verbose=1``) or one line per update (``2``)."""

    def __init__(self, num=None, width: int = 30, verbose: int = 1, start: bool = True, file=None,
                 name: str = "step"):
        if isinstance(num, int) and num <= 0:
            raise TypeError("num should be None or integer (> 0)")
        # sys.stdout at construction (not import) time, so that a redirected stdout receives the lines
        self._num, self._width, self._verbose, self.file, self.name = num, width, verbose, file or sys.stdout, name
        self._total_width = 0
        self._start = time.time() if start else 0
        self._dynamic_display = hasattr(file, "isatty") and file.isatty() or "posix" in sys.modules

    def start(self) -> None:
        """Reset the clock."""
        self._start = time.time()

    def update(self, current_num: int, values=()) -> None:
        """Show ``current_num`` of ``num`` steps and the ``(name, value)`` pairs."""
        per_step = (time.time() - self._start) / current_num if current_num else 0
        if per_step >= 1 or per_step == 0:
            fps = f" - {per_step:.0f}s/{self.name}"
        elif per_step >= 1e-3:
            fps = f" - {per_step * 1e3:.0f}ms/{self.name}"
        else:
            fps = f" - {per_step * 1e6:.0f}us/{self.name}"
        out = self.file
        if self._verbose == 1:
            previous = self._total_width
            if self._dynamic_display:
                out.write("\b" * previous + "\r")
            else:
                out.write("\n")
            if self._num is not None:
                digits = int(np.log10(self._num)) + 1
                bar = f"{self.name} {current_num:{digits}d}/{self._num} ["
                filled = int(self._width * float(current_num) / self._num)
                if filled > 0:
                    bar += "=" * (filled - 1) + (">" if current_num < self._num else "=")
                bar += "." * (self._width - filled) + "]"
            else:
                bar = f"{self.name} {current_num:3}"
            self._total_width = len(bar)
            out.write(bar)
            info = _format_values(values)
            if self._num is not None and current_num < self._num:
                eta = int(per_step * (self._num - current_num))
                if eta > 3600:
                    eta_text = f"{eta // 3600}:{(eta % 3600) // 60:02}:{eta % 60:02}"
                elif eta > 60:
                    eta_text = f"{eta // 60}:{eta % 60:02}"
                else:
                    eta_text = f"{eta}s"
                info += f" - ETA: {eta_text}"
            info += fps
            self._total_width += len(info)
            if previous > self._total_width:
                info += " " * (previous - self._total_width)
            if self._num is None or current_num >= self._num:
                info += "\n"
            out.write(info)
            out.flush()
        elif self._verbose in (2, 3):
            if self._num:
                digits = int(np.log10(self._num)) + 1
                count = f"{self.name} {current_num:{digits}d}/{self._num}"
            else:
                count = f"{self.name} {current_num:3}"
            out.write(count + _format_values(values) + fps + "\n")
            out.flush()
