"""Run code in a reference framework's own venv (Keras 3, PaddlePaddle, ONNX Runtime).

The real frameworks are never dependencies of axon: each lives in a venv built by
``../shared/tools/refvenv.sh KIND`` (``.ci/run`` builds them). A test hands a short
script and named arrays to ``run_reference``; the script reads the arrays from the
dict ``inputs`` and puts its results, as NumPy arrays, in the dict ``outputs``.
Where the venv is absent the test is skipped with a note saying how to build it.

    out = run_reference("keras", '''
    import keras
    layer = keras.layers.Dense(3)
    outputs["y"] = keras.ops.convert_to_numpy(layer(inputs["x"]))
    ''', x=x)
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest

_PROBES = {
    "keras": "import keras, h5py",
    "paddle": "import paddle",
    "onnx": "import onnx, onnxruntime",
    "torch": "import torch",
}

_PRELUDE = """
import os, sys
import numpy as np
_data = np.load(sys.argv[1], allow_pickle=False)
inputs = {k: _data[k] for k in _data.files}
outputs = {}
"""

_EPILOGUE = """
np.savez(sys.argv[2], **{k: np.asarray(v) for k, v in outputs.items()})
"""

_checked: dict[str, str | None] = {}


def reference_python(kind: str) -> str:
    """The path of the reference venv's python for ``kind``, or skip the test."""
    if kind not in _PROBES:
        raise ValueError(f"unknown reference kind {kind!r}; expected one of {sorted(_PROBES)}")
    if kind not in _checked:
        root = Path(os.environ.get("AXON_REFVENV_DIR", Path.home() / ".cache" / "axon-refvenvs"))
        python = root / kind / "bin" / "python"
        ok = python.exists() and subprocess.run(
            [str(python), "-c", _PROBES[kind]], capture_output=True, env=_env(kind), timeout=300).returncode == 0
        _checked[kind] = str(python) if ok else None
    if _checked[kind] is None:
        pytest.skip(f"reference venv '{kind}' is absent: build it with ../shared/tools/refvenv.sh {kind}")
    return _checked[kind]


def _env(kind: str) -> dict:
    env = dict(os.environ)
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONWARNINGS="ignore")
    env.setdefault("KERAS_BACKEND", "tensorflow" if kind == "keras" else "")
    env.pop("PYTHONPATH", None)
    return env


def run_reference(kind: str, script: str, timeout: float = 600, backend: str | None = None,
                  **arrays: np.ndarray) -> dict[str, np.ndarray]:
    """Run ``script`` in the ``kind`` reference venv with ``inputs`` = ``arrays``.

    Returns the script's ``outputs`` dict. ``backend`` sets ``KERAS_BACKEND``
    ('tensorflow' or 'jax') for Keras. A failing script fails the test with the
    reference's stderr.
    """
    python = reference_python(kind)
    env = _env(kind)
    if backend is not None:
        env["KERAS_BACKEND"] = backend
    with tempfile.TemporaryDirectory() as tmp:
        source, given, taken = Path(tmp, "script.py"), Path(tmp, "in.npz"), Path(tmp, "out.npz")
        source.write_text(_PRELUDE + textwrap.dedent(script) + _EPILOGUE)
        np.savez(given, **{k: np.asarray(v) for k, v in arrays.items()})
        done = subprocess.run([python, str(source), str(given), str(taken)], capture_output=True, text=True,
                              env=env, timeout=timeout, cwd=tmp)
        if done.returncode != 0:
            pytest.fail(f"the {kind} reference script failed:\n{done.stderr[-4000:]}")
        with np.load(taken, allow_pickle=False) as result:
            return {k: result[k] for k in result.files}
