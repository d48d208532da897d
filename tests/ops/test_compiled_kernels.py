"""The compiled kernels (axon.kernels, numba) give what the NumPy paths give.

Every case runs the same op twice, with ``AXON_JIT=0`` (NumPy) and with the
kernels on, and compares outputs and gradients; the float64 finite-difference
checks in test_conv_ops.py run on whichever path is active.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import axon
from axon import kernels
from axon.ops import conv as conv_ops
from axon.ops.conv import conv
from axon.ops.pool import Pool, pool


def _run(fn, arrays, jit: bool, monkeypatch):
    monkeypatch.setenv("AXON_JIT", "1" if jit else "0")
    tensors = [axon.Variable(a) for a in arrays]
    with axon.GradientTape() as tape:
        out = fn(*tensors)
        loss = axon.reduce_sum(out * np.linspace(-1, 1, out.size).reshape(out.shape).astype(out.dtype))
    return out.numpy(), [g.numpy() for g in tape.gradient(loss, tensors)]


def _compare(fn, arrays, monkeypatch, rtol):
    pytest.importorskip("numba")  # imported: the kernels that wait for numba to be loaded run too
    out_np, grads_np = _run(fn, arrays, False, monkeypatch)
    out_jit, grads_jit = _run(fn, arrays, True, monkeypatch)
    assert out_jit.dtype == out_np.dtype
    np.testing.assert_allclose(out_jit, out_np, rtol=rtol, atol=rtol)
    for g_jit, g_np in zip(grads_jit, grads_np):
        np.testing.assert_allclose(g_jit, g_np, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("dtype, rtol", [("float32", 1e-5), ("float64", 1e-12)])
@pytest.mark.parametrize("shape, kwargs", [
    ((3, 8, 8, 8), dict(pool_size=2)),                                 # compiled: disjoint windows
    ((2, 7, 9, 16), dict(pool_size=(2, 3))),                           # compiled: edges no window reads
    ((3, 10, 8), dict(pool_size=3)),                                   # compiled, 1-D
    ((2, 7, 9, 8), dict(pool_size=3, strides=2, padding="same")),      # NumPy: padded, overlapping
    ((2, 6, 6, 3), dict(pool_size=2)),                                 # NumPy forward, compiled backward
    ((2, 7, 9, 6), dict(pool_size=(2, 3))),                            # the same, edges no window reads
    ((3, 10, 5), dict(pool_size=3)),                                   # the same, 1-D
])
def test_max_pool_matches_numpy(shape, kwargs, dtype, rtol, monkeypatch):
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    _compare(lambda t: pool(t, mode="max", **kwargs), [x], monkeypatch, rtol)


@pytest.mark.parametrize("channels", [8, 6])  # argmax kept by the forward, or found again in backward
def test_max_pool_ties_go_to_the_first_maximum(channels, monkeypatch):
    x = np.zeros((1, 4, 4, channels), "float32")
    _compare(lambda t: pool(t, 2, mode="max"), [x], monkeypatch, 0)
    _, (grad,) = _run(lambda t: pool(t, 2, mode="max"), [x], True, monkeypatch)
    assert np.count_nonzero(grad) == 4 * channels
    assert np.all(grad[0, ::2, ::2] != 0)  # the first element of every window


@pytest.mark.parametrize("channels", [8, 6])
def test_max_pool_of_a_window_with_nan_routes_nothing_like_numpy(channels, monkeypatch):
    x = np.random.default_rng(4).standard_normal((2, 4, 4, channels)).astype("float32")
    x[0, 1, 1, 0] = np.nan
    _compare(lambda t: pool(t, 2, mode="max"), [x], monkeypatch, 0)


def test_the_compiled_pooling_path_is_taken(monkeypatch):
    pytest.importorskip("numba")
    monkeypatch.setenv("AXON_JIT", "1")
    op = Pool()
    op.needs_grad = (True,)
    op.forward(np.ones((2, 4, 4, 8), "float32"), "max", (2, 2), (2, 2), ((0, 0), (0, 0)))
    assert op.arg is not None and op.arg.dtype == np.uint8


@pytest.mark.parametrize("dtype, rtol", [("float32", 1e-4), ("float64", 1e-11)])
@pytest.mark.parametrize("shapes, kwargs", [
    ([(2, 9, 9, 8), (5, 5, 8, 16), (16,)], dict(padding="same")),
    ([(2, 9, 8, 5), (3, 3, 5, 4), (4,)], dict(strides=2, padding="same")),
    ([(1, 9, 9, 6), (3, 2, 6, 3), (3,)], dict(dilation_rate=2)),
    ([(2, 7, 7, 4), (3, 3, 4, 2), (2,)], dict(strides=(2, 1), padding=((1, 0), (2, 1)))),
    ([(2, 11, 4), (3, 4, 5), (5,)], dict(padding="causal", dilation_rate=2)),
])
@pytest.mark.parametrize("sliced", [False, True])
def test_conv_matches_numpy(shapes, kwargs, dtype, rtol, sliced, monkeypatch):
    if sliced:  # the input gradient one sample at a time
        monkeypatch.setattr(conv_ops, "COLUMN_SLICE_BYTES", 1)
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s).astype(dtype) for s in shapes]
    _compare(lambda x, k, b: conv(x, k, b, **kwargs), arrays, monkeypatch, rtol)
    _compare(lambda x, k, b: conv(x, k, b, relu=True, **kwargs), arrays, monkeypatch, rtol)


def test_without_numba_the_numpy_paths_run(monkeypatch):
    monkeypatch.setattr(kernels, "_loaded", {})
    monkeypatch.setattr(kernels, "_MODULES", {"pool": "axon.kernels.not_a_module", "conv": "axon.kernels.nope"})
    monkeypatch.setattr(kernels, "_failed", False)
    assert kernels.get("pool") is None
    assert not kernels.enabled()
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    np.testing.assert_array_equal(pool(x, 2, mode="max").numpy()[0, :, :, 0], [[5, 7], [13, 15]])


def test_the_switch_turns_kernels_off(monkeypatch):
    monkeypatch.setenv("AXON_JIT", "0")
    assert kernels.get("pool") is None
    monkeypatch.setenv("AXON_JIT", "1")
    assert kernels.enabled() == (axon.backend.name == "numpy")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_relu_matches_numpy(dtype, monkeypatch):
    x = np.random.default_rng(2).standard_normal((8, 90, 100)).astype(dtype)  # above the compiled size
    x[0, 0, :3] = [0.0, np.nan, -0.0]
    _compare(axon.nn.relu, [x], monkeypatch, 0)
    out, _ = _run(axon.nn.relu, [x], True, monkeypatch)
    assert np.isnan(out[0, 0, 1]) and out[0, 0, 0] == 0
    assert np.all(out[~np.isnan(out)] >= 0)


def test_relu_gradient_propagates_nan_like_numpy(monkeypatch):
    pytest.importorskip("numba")
    monkeypatch.setenv("AXON_JIT", "1")
    from axon.ops.activation import ReLU

    op = ReLU()
    op.forward(-np.ones(2**16, "float32"))
    grad = np.full(2**16, np.nan, "float32")
    assert np.isnan(op.backward(grad)).all()


def test_relu_alone_does_not_load_numba():
    """A model without convolutions or pooling (an MLP) never pays numba's memory."""
    code = ("import sys, numpy as np, axon\n"
            "x = axon.Variable(np.ones((256, 512), 'float32'))\n"
            "with axon.GradientTape() as tape:\n"
            "    y = axon.reduce_sum(axon.nn.relu(x))\n"
            "tape.gradient(y, x)\n"
            "assert 'numba' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "AXON_JIT": "1"})
