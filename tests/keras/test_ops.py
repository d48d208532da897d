"""``keras.ops`` and ``keras.random``: Keras 3's names and semantics, checked against real Keras 3.

Every expression in CASES is evaluated twice, with the same inputs: here with
``ops = axon.keras.ops``, and in the Keras reference venv (one batched call)
with ``ops = keras.ops``; values, shapes and dtypes must agree.
"""

import numpy as np
import pytest

import axon
import axon.keras as keras
from axon.keras import ops
from tests.ops.helpers import check_op
from tests.reference import run_reference

GEN = np.random.default_rng(0)
INPUTS = {
    "x": GEN.standard_normal((3, 4)).astype(np.float32),
    "y": GEN.standard_normal((3, 4)).astype(np.float32),
    "m": GEN.integers(0, 5, (3, 4)).astype(np.int32),
    "img": GEN.standard_normal((2, 5, 6, 3)).astype(np.float32),
    "v": GEN.standard_normal((5,)).astype(np.float32),
}
CASES = {
    "arange": "ops.arange(5)", "arange_f": "ops.arange(0.0, 2.0, 0.5)", "arange2": "ops.arange(2, 9, 3)",
    "sum": "ops.sum(x, axis=1)", "sum_int": "ops.sum(m)", "sum_keep": "ops.sum(x, axis=(0, 1), keepdims=True)",
    "mean": "ops.mean(x, axis=0)", "mean_int": "ops.mean(m)", "max": "ops.max(x, axis=1)",
    "max_init": "ops.max(x, axis=1, initial=0.5)", "min": "ops.min(x)",
    "take": "ops.take(x, [3, -1, 0], axis=1)", "take_flat": "ops.take(x, [[0, 5], [11, -2]])",
    "take_along": "ops.take_along_axis(x, ops.argsort(x, axis=1), axis=1)",
    "tile": "ops.tile(v, (2, 2))", "tile_short": "ops.tile(x, 2)",
    "split": "ops.concatenate([s * (i + 1) for i, s in enumerate(ops.split(x, [1, 3], axis=1))], axis=1)",
    "split_n": "ops.split(x, 3)[2]", "concat": "ops.concatenate([x, y], axis=0)", "stack": "ops.stack([x, y], 1)",
    "reshape": "ops.reshape(x, (2, -1))", "reshape_int": "ops.reshape(x, 12)", "transpose": "ops.transpose(img)",
    "transpose_axes": "ops.transpose(img, (0, 3, 1, 2))", "expand": "ops.expand_dims(x, (0, -1))",
    "squeeze": "ops.squeeze(ops.expand_dims(x, 1))", "where": "ops.where(x > 0, x, y)",
    "where1": "ops.stack(ops.where(x > 0.5), axis=0)", "cast": "ops.cast(x, 'int32')",
    "convert": "ops.convert_to_tensor(4)", "convert_f": "ops.convert_to_tensor([1.5, 2.0])",
    "shape": "ops.convert_to_tensor(ops.shape(img))", "matmul": "ops.matmul(x, ops.transpose(y))",
    "einsum": "ops.einsum('ij,kj->ik', x, y)", "exp": "ops.exp(x)", "log": "ops.log(ops.abs(x))",
    "sqrt": "ops.sqrt(ops.abs(x))", "square": "ops.square(x)", "abs": "ops.abs(x)", "maximum": "ops.maximum(x, y)",
    "minimum": "ops.minimum(x, 0.0)", "clip": "ops.clip(x, -0.5, 0.5)", "equal": "ops.equal(m, 2)",
    "not_equal": "ops.not_equal(m, 2)", "greater": "ops.greater(x, y)", "greater_equal": "ops.greater_equal(m, 2)",
    "less": "ops.less(x, y)", "less_equal": "ops.less_equal(m, 2)",
    "logical_and": "ops.logical_and(x > 0, y > 0)", "logical_or": "ops.logical_or(x > 0, y > 0)",
    "logical_not": "ops.logical_not(x > 0)", "argmax": "ops.argmax(x, axis=1)", "argmax_flat": "ops.argmax(x)",
    "argmin": "ops.argmin(x, axis=0)", "argsort": "ops.argsort(x)", "argsort0": "ops.argsort(x, axis=0)",
    "one_hot": "ops.one_hot(ops.convert_to_tensor([0, 2, 1]), 3)",
    "one_hot_axis": "ops.one_hot(ops.convert_to_tensor([0, 2]), 3, axis=0)",
    "softmax": "ops.softmax(x)", "softmax0": "ops.softmax(x, axis=0)", "log_softmax": "ops.log_softmax(x)",
    "relu": "ops.relu(x)", "sigmoid": "ops.sigmoid(x)", "tanh": "ops.tanh(x)", "gelu": "ops.gelu(x)",
    "gelu_exact": "ops.gelu(x, approximate=False)", "silu": "ops.silu(x)", "norm": "ops.norm(x)",
    "norm_axis": "ops.norm(x, axis=1)", "norm_ord1": "ops.norm(x, ord=1, axis=0)", "norm_fro": "ops.norm(x, ord='fro')",
    "norm_keep": "ops.norm(x, axis=-1, keepdims=True)", "stop_gradient": "ops.stop_gradient(x)",
    "zeros": "ops.zeros((2, 3))", "ones": "ops.ones((2,), dtype='int32')", "zeros_like": "ops.zeros_like(m)",
    "ones_like": "ops.ones_like(x)", "erf": "ops.erf(x)",
    "top_k_values": "ops.top_k(x, 2)[0]", "top_k_indices": "ops.top_k(x, 2)[1]",
    "sort": "ops.sort(x)", "sort0": "ops.sort(x, axis=0)", "cumsum": "ops.cumsum(x)",
    "cumsum1": "ops.cumsum(x, axis=1)", "pad": "ops.pad(x, ((1, 0), (0, 2)))",
    "pad_value": "ops.pad(x, ((1, 1), (1, 1)), constant_values=3.0)",
    "pad_reflect": "ops.pad(x, ((1, 1), (2, 0)), mode='reflect')",
    "pad_symmetric": "ops.pad(x, ((1, 1), (2, 0)), mode='symmetric')", "repeat": "ops.repeat(x, 2)",
    "repeat_axis": "ops.repeat(x, [1, 0, 2], axis=0)",
    "resize_up": "ops.image.resize(img, (8, 9))", "resize_down": "ops.image.resize(img, (3, 4))",
    "resize_nearest": "ops.image.resize(img, (8, 4), interpolation='nearest')",
    "resize_crop": "ops.image.resize(img, (4, 4), crop_to_aspect_ratio=True)",
    "resize_pad": "ops.image.resize(img, (4, 4), pad_to_aspect_ratio=True)",
    "resize_3d": "ops.image.resize(img[0], (10, 12))",
    "resize_cf": "ops.image.resize(ops.transpose(img, (0, 3, 1, 2)), (7, 4), data_format='channels_first')",
    "var": "ops.var(x, axis=0)", "std": "ops.std(x)", "logsumexp": "ops.logsumexp(x, axis=1)",
    "prod": "ops.prod(x, axis=1)", "any": "ops.any(x > 1)", "all": "ops.all(x > -3, axis=0)",
    "full": "ops.full((2, 2), 7)", "eye": "ops.eye(3)", "identity": "ops.identity(2)",
    "linspace": "ops.linspace(0, 1, 5)", "resize_pad_wide": "ops.image.resize(img, (2, 6), pad_to_aspect_ratio=True)",
    "selu": "ops.selu(x)", "elu": "ops.elu(x)", "leaky_relu": "ops.leaky_relu(x)", "softplus": "ops.softplus(x)",
    "relu6": "ops.relu6(x * 8)", "hard_sigmoid": "ops.hard_sigmoid(x)", "log_sigmoid": "ops.log_sigmoid(x)",
    "moments_mean": "ops.moments(x, axes=[0])[0]", "moments_var": "ops.moments(x, axes=[0])[1]",
    "normalize": "ops.normalize(x)", "nonzero": "ops.stack(ops.nonzero(m), axis=0)", "size": "ops.size(x)",
    "broadcast_to": "ops.broadcast_to(v, (2, 5))",
}

KERAS_SCRIPT = """
import keras
from keras import ops
names = dict(inputs)
for key in ("x", "y", "m", "img", "v"):
    names[key] = ops.convert_to_tensor(inputs[key])
names["ops"] = ops
cases = {cases!r}
for name, expr in cases.items():
    value = eval(expr, names)
    outputs[name] = keras.ops.convert_to_numpy(value)
    outputs[name + ".dtype"] = np.array(str(keras.ops.convert_to_numpy(value).dtype))
"""


@pytest.fixture(scope="module")
def keras_results():
    return run_reference("keras", KERAS_SCRIPT.format(cases=CASES), **INPUTS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_keras(name, keras_results):
    names = {"ops": ops, **{k: axon.constant(v) for k, v in INPUTS.items()}}
    value = eval(CASES[name], names)  # noqa: S307 (our own expressions)
    got = np.asarray(value.numpy() if isinstance(value, axon.Tensor) else value)
    expected = keras_results[name]
    assert got.shape == expected.shape, f"{name}: shape {got.shape}, Keras {expected.shape}"
    assert got.dtype.name == str(keras_results[name + ".dtype"]), f"{name}: dtype {got.dtype}, Keras " \
        f"{keras_results[name + '.dtype']}"
    if got.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, rtol=2e-5, atol=2e-5, err_msg=name)
    else:
        np.testing.assert_array_equal(got, expected, err_msg=name)


@pytest.mark.parametrize("fn, reference", [
    (lambda a: ops.take(a, np.array([3, -1, 3]), axis=1), lambda a: np.take(a, [3, -1, 3], axis=1)),
    (lambda a: ops.take(a, np.array([[0, 5], [11, 5]])), lambda a: np.take(a, [[0, 5], [11, 5]])),
    (lambda a: ops.tile(a, 2), lambda a: np.tile(a, 2)),
    (lambda a: ops.split(a, [1, 3], axis=1)[1], lambda a: np.split(a, [1, 3], axis=1)[1]),
    (lambda a: ops.cumsum(a), lambda a: np.cumsum(a)),
    (lambda a: ops.sort(a, axis=None), lambda a: np.sort(a, axis=None)),
    (lambda a: ops.pad(a, 1, mode="symmetric"), lambda a: np.pad(a, 1, mode="symmetric")),
    (lambda a: ops.norm(a, ord=1), lambda a: np.linalg.norm(a, ord=1)),
    (lambda a: ops.max(a, axis=1, initial=0.2), lambda a: np.max(a, axis=1, initial=0.2)),
    (lambda a: ops.var(a, axis=1), lambda a: np.var(a, axis=1)),
    (lambda a: ops.image.resize(ops.reshape(a, (1, 3, 4, 1)), (5, 7))[0, ..., 0], None),
    (lambda a: ops.image.resize(ops.reshape(a, (1, 3, 4, 1)), (6, 2), interpolation="nearest")[0, ..., 0], None),
], ids=["take", "take_flat", "tile", "split", "cumsum", "sort", "pad", "norm", "max_initial", "var", "resize",
        "resize_nearest"])
def test_gradients(fn, reference):
    check_op([(3, 4)], fn, reference)


def test_namespace_and_missing_names():
    assert keras.ops is ops and ops.image.resize is not None
    import importlib

    assert importlib.import_module("axon.keras.ops.image").resize is ops.image.resize
    with pytest.raises(NotImplementedError, match="axon does not implement keras.ops.fft yet"):
        ops.fft
    with pytest.raises(ImportError, match="keras.ops.dot yet.*keras.ops.matmul"):
        from axon.keras.ops import dot  # noqa: F401
    assert not hasattr(ops, "no_such_op")
    with pytest.raises(ValueError, match="sparse"):
        ops.one_hot(np.array([1]), 3, sparse=True)
    with pytest.raises(ValueError, match="interpolation"):
        ops.image.resize(axon.ones((4, 4, 1)), (2, 2), interpolation="bicubic")
    with pytest.raises(ValueError, match="antialias"):
        ops.image.resize(axon.ones((4, 4, 1)), (2, 2), antialias=True)
    assert ops.image.resize(axon.ones((4, 4, 1)), (8, 8), antialias=True).shape == (8, 8, 1)


def test_keras_random():
    gen = keras.random.SeedGenerator(seed=7)
    a, b = keras.random.normal((3,), seed=gen), keras.random.normal((3,), seed=gen)
    assert not np.allclose(a.numpy(), b.numpy())
    again = keras.random.SeedGenerator(seed=7)
    np.testing.assert_array_equal(keras.random.normal((3,), seed=again).numpy(), a.numpy())
    same_seed = [keras.random.uniform((4,), seed=1).numpy() for _ in range(2)]
    np.testing.assert_array_equal(*same_seed)
    u = keras.random.uniform((1000,), minval=2.0, maxval=3.0, seed=0).numpy()
    assert u.dtype == np.float32 and 2.0 <= u.min() and u.max() < 3.0
    r = keras.random.randint((1000,), 0, 4, seed=0)
    assert r.dtype == np.int32 and set(np.unique(r.numpy())) == {0, 1, 2, 3}
    s = keras.random.shuffle(axon.constant(np.arange(10)), seed=0).numpy()
    assert sorted(s.tolist()) == list(range(10)) and s.tolist() != list(range(10))
    d = keras.random.dropout(axon.ones((1000,)), 0.5, seed=gen).numpy()
    assert set(np.unique(d)) <= {0.0, 2.0} and 350 < (d == 0).sum() < 650
    n = keras.random.normal((20000,), mean=1.0, stddev=2.0, seed=3).numpy()
    assert abs(n.mean() - 1.0) < 0.05 and abs(n.std() - 2.0) < 0.05
    c = keras.random.categorical(axon.constant([[0.0, 100.0]]), 5, seed=0)
    assert c.dtype == np.int32 and c.numpy().tolist() == [[1] * 5]
    with pytest.raises(TypeError, match="SeedGenerator"):
        keras.random.normal((2,), seed="x")
    with pytest.raises(NotImplementedError, match="keras.random.gamma"):
        keras.random.gamma
