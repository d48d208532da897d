"""``import axon`` leaves glibc's allocator alone; the tuning is opt-in
(``axon.config.enable_malloc_tuning``, ``AXON_MALLOC_TUNING=1``) and on in ``axon train``."""

import os
import subprocess
import sys

import pytest

import axon

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc tuning is Linux-only")

# mallopt has no getter: spy on it, then report whether importing/running called it.
SPY = """
import ctypes, sys
calls = []
real = ctypes.CDLL
class Spy:
    def __init__(self, lib):
        self._lib = lib
    def __getattr__(self, name):
        if name == "mallopt":
            return lambda *a: calls.append(a) or 1
        return getattr(self._lib, name)
ctypes.CDLL = lambda name, *a, **k: Spy(real(name, *a, **k)) if name == "libc.so.6" else real(name, *a, **k)
import axon
after_import = len(calls)
{extra}
print(after_import, len(calls))
"""


def _mallopt_calls(extra: str = "", env_value: str | None = None) -> tuple:
    env = {k: v for k, v in os.environ.items() if k != "AXON_MALLOC_TUNING"}
    if env_value is not None:
        env["AXON_MALLOC_TUNING"] = env_value
    out = subprocess.run([sys.executable, "-c", SPY.format(extra=extra)], env=env, capture_output=True,
                         text=True, check=True, cwd=os.path.dirname(os.path.dirname(axon.__file__)))
    return tuple(map(int, out.stdout.split()))


@linux_only
def test_import_axon_leaves_the_allocator_alone():
    assert _mallopt_calls() == (0, 0)


@linux_only
def test_the_config_switch_and_the_environment_turn_it_on():
    assert _mallopt_calls("assert axon.config.enable_malloc_tuning()") == (0, 2)
    assert _mallopt_calls(env_value="1") == (2, 2)


@linux_only
def test_axon_train_turns_it_on_unless_the_environment_says_0():
    run = ("import axon.cli\n"
           "def stop(name):\n    raise SystemExit(0)\n"
           "axon.cli.load_dataset = stop  # up to loading the data\n"
           "try:\n    axon.cli.main(['train', '--out', '/nonexistent/never-written'])\nexcept SystemExit:\n    pass")
    assert _mallopt_calls(run) == (0, 2)
    assert _mallopt_calls(run, env_value="0") == (0, 0)


def test_a_bad_environment_value_is_refused(monkeypatch):
    from axon.backend.allocator import requested_by_environment

    monkeypatch.setenv("AXON_MALLOC_TUNING", "yes")
    with pytest.raises(ValueError, match="AXON_MALLOC_TUNING must be 1.*or 0.*'yes'"):
        requested_by_environment()
