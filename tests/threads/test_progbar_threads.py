"""Progress bars of several threads on one terminal: every line on screen is one
whole bar's line, and every bar's final line is there."""

import contextlib
import re
import threading

from axon.callbacks.progbar import Progbar
from tests.callbacks.test_progbar import Terminal
from tests.threads.helpers import run_all


def screen(text: str) -> list:
    """The lines a terminal shows for ``text``: ``\\r`` moves back to column 0 and
    overwrites without clearing the rest of the line."""
    lines, row = [], []
    column = 0
    for part in re.split(r"(\r|\n)", re.sub(r"\x1b\[[0-9;]*m", "", text)):
        if part == "\r":
            column = 0
        elif part == "\n":
            lines.append("".join(row).rstrip())
            row, column = [], 0
        else:
            row[column:column + len(part)] = part
            column += len(part)
    if row:
        lines.append("".join(row).rstrip())
    return lines


def test_bars_in_two_threads_never_mix_on_one_line():
    stream, halfway, short_done = Terminal(), threading.Event(), threading.Event()

    def long_bar():
        p = Progbar(40, verbose=1, interval=0.0, unit_name="much-longer-unit-name")
        for i in range(40):
            p.update(i + 1, values=[("a_long_metric_name", 0.5)])
            if i == 19:  # the other thread's bar starts and ends while this one is drawn
                halfway.set()
                short_done.wait(timeout=10)

    def short_bar():
        halfway.wait(timeout=10)
        p = Progbar(5, verbose=1, interval=0.0, unit_name="short")
        for i in range(5):
            p.update(i + 1, values=[("x", 0.5)])
        short_done.set()

    with contextlib.redirect_stdout(stream):
        run_all([long_bar, short_bar])
    lines = [line for line in screen(stream.getvalue()) if line]
    assert [line.split()[0] for line in lines] == ["5/5", "40/40"], lines
    for line in lines:
        assert line.count(" - ") == 1 and (line.count("/short") + line.count("/much-longer-unit-name")) == 1, line
