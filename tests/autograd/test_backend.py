"""The backend around the tensors: seeding, choosing the array library, and
what ``import axon`` pulls in."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import axon
from axon import backend as B


def test_set_seed_makes_normal_and_uniform_reproducible():
    axon.random.set_seed(42)
    a, u = axon.random.normal((3, 4)), axon.random.uniform((5,))
    axon.random.set_seed(42)
    b, v = axon.random.normal((3, 4)), axon.random.uniform((5,))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(u.numpy(), v.numpy())
    assert not np.array_equal(axon.random.normal((3, 4)).numpy(), a.numpy())  # the stream moves on
    axon.random.set_seed(7)
    assert not np.array_equal(axon.random.normal((3, 4)).numpy(), a.numpy())


def test_random_dtypes_shapes_and_ranges():
    axon.random.set_seed(0)
    n = axon.random.normal((2000,), mean=3.0, stddev=0.5)
    assert n.dtype == np.float32 and n.shape == (2000,)
    assert abs(n.numpy().mean() - 3.0) < 0.05 and abs(n.numpy().std() - 0.5) < 0.05
    u = axon.random.uniform((1000,), minval=-2.0, maxval=-1.0, dtype="float64")
    assert u.dtype == np.float64 and (u.numpy() >= -2.0).all() and (u.numpy() < -1.0).all()
    i = axon.random.uniform((100,), minval=0, maxval=3, dtype="int32")
    assert i.dtype == np.int32 and set(i.numpy().tolist()) <= {0, 1, 2}
    with pytest.raises(ValueError, match="maxval"):
        axon.random.uniform((2,), dtype="int32")


def test_a_seed_argument_does_not_touch_the_global_stream():
    np.testing.assert_array_equal(axon.random.normal((3,), seed=1).numpy(), axon.random.normal((3,), seed=1).numpy())


def test_cupy_backend_without_cupy_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # makes `import cupy` fail
    with pytest.raises(ImportError, match=r"pip install cupy-cuda12x"):
        axon.config.set_backend("cupy")
    assert B.name == "numpy" and B.xp is np
    assert axon.config.backend() == "numpy"


def test_unknown_backend_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"'torch'.*'numpy', 'cupy'"):
        axon.config.set_backend("torch")


def test_floatx_is_float32_and_can_be_changed_back():
    assert axon.config.floatx() == "float32"
    try:
        axon.config.set_floatx("float64")
        assert axon.tensor(1.0).dtype == np.float64
        assert axon.zeros((2,)).dtype == np.float64
    finally:
        axon.config.set_floatx("float32")
    assert axon.tensor(1.0).dtype == np.float32
    with pytest.raises(ValueError, match="float type"):
        axon.config.set_floatx("int32")


def test_import_axon_stays_light():
    heavy = ["matplotlib", "scipy", "sklearn", "torch", "tqdm"]
    code = f"import sys, axon; print([m for m in {heavy!r} if m in sys.modules])"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "[]", f"import axon imported {result.stdout.strip()}"
