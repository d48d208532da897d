"""TensorFlow's "Introduction to tensors" and "Introduction to gradients and automatic
differentiation" (tensorflow.org/guide/tensor, /guide/autodiff), imports changed only.

Parts that need a name axon does not have yet skip, naming it."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf


def _needs(*names):
    missing = [n for n in names if not _has(n)]
    if missing:
        pytest.skip(f"needs tf.{', tf.'.join(missing)}, not in axon yet (issue 11 points 3-4)")


def _has(dotted: str) -> bool:
    obj = tf
    for part in dotted.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def test_basics():
    rank_1_tensor = tf.constant([2.0, 3.0, 4.0])
    assert rank_1_tensor.dtype == tf.float32
    rank_2_tensor = tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16)
    assert rank_2_tensor.shape == (3, 2) and rank_2_tensor.dtype == tf.float16
    np.testing.assert_array_equal(np.array(rank_2_tensor), [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(rank_2_tensor.numpy(), [[1, 2], [3, 4], [5, 6]])

    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[1, 1], [1, 1]])  # Could have also said `tf.ones([2,2], dtype=tf.int32)`
    np.testing.assert_array_equal(tf.add(a, b).numpy(), [[2, 3], [4, 5]])
    np.testing.assert_array_equal(tf.multiply(a, b).numpy(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(tf.matmul(a, b).numpy(), [[3, 3], [7, 7]])
    np.testing.assert_array_equal((a + b).numpy(), [[2, 3], [4, 5]])  # element-wise addition
    np.testing.assert_array_equal((a * b).numpy(), [[1, 2], [3, 4]])  # element-wise multiplication
    np.testing.assert_array_equal((a @ b).numpy(), [[3, 3], [7, 7]])  # matrix multiplication

    c = tf.constant([[4.0, 5.0], [10.0, 1.0]])
    assert float(tf.reduce_max(c)) == 10.0  # Find the largest value
    np.testing.assert_array_equal(tf.math.argmax(c).numpy(), [1, 0])  # Find the index of the largest value
    np.testing.assert_allclose(tf.nn.softmax(c).numpy()[0], [0.26894143, 0.7310586], rtol=1e-6)

    assert tf.convert_to_tensor([1, 2, 3]).shape == (3,)
    assert float(tf.reduce_max([1, 2, 3])) == 3.0


def test_python_ints_are_int32():
    if tf.constant(4).dtype != tf.int32:
        pytest.skip("Python ints become int64 in axon for now; TensorFlow's int32 comes with issue 11 point 4")
    assert tf.constant([[1, 2], [3, 4]]).dtype == tf.int32


def test_about_shapes_indexing_and_reshaping():
    rank_4_tensor = tf.zeros([3, 2, 4, 5])
    assert rank_4_tensor.dtype == tf.float32
    assert rank_4_tensor.ndim == 4 and rank_4_tensor.shape == (3, 2, 4, 5)
    assert rank_4_tensor.shape[0] == 3 and rank_4_tensor.shape[-1] == 5

    rank_1_tensor = tf.constant([0, 1, 1, 2, 3, 5, 8, 13, 21, 34])
    assert int(rank_1_tensor[0]) == 0 and int(rank_1_tensor[-1]) == 34
    np.testing.assert_array_equal(rank_1_tensor[1:3].numpy(), [1, 1])
    np.testing.assert_array_equal(rank_1_tensor[::2].numpy(), [0, 1, 3, 8, 21])
    np.testing.assert_array_equal(rank_1_tensor[::-1].numpy()[:3], [34, 21, 13])

    rank_2_tensor = tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16)
    assert float(rank_2_tensor[1, 1]) == 4.0
    np.testing.assert_array_equal(rank_2_tensor[:, 1].numpy(), [2, 4, 6])
    np.testing.assert_array_equal(rank_2_tensor[1:, :].numpy(), [[3, 4], [5, 6]])

    x = tf.constant([[1], [2], [3]])
    reshaped = tf.reshape(x, [1, 3])
    assert x.shape == (3, 1) and reshaped.shape == (1, 3)
    rank_3_tensor = tf.constant([[[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], [[10, 11, 12, 13, 14], [15, 16, 17, 18, 19]],
                                 [[20, 21, 22, 23, 24], [25, 26, 27, 28, 29]]])
    assert tf.reshape(rank_3_tensor, [-1]).shape == (30,)
    assert tf.reshape(rank_3_tensor, [3 * 2, 5]).shape == (6, 5)
    assert tf.reshape(rank_3_tensor, [3, -1]).shape == (3, 10)


def test_dtypes_and_broadcasting():
    the_f64_tensor = tf.constant([2.2, 3.3, 4.4], dtype=tf.float64)
    the_f16_tensor = tf.cast(the_f64_tensor, dtype=tf.float16)
    # Now, cast to an uint8 and lose the decimal precision
    the_u8_tensor = tf.cast(the_f16_tensor, dtype=tf.uint8)
    np.testing.assert_array_equal(the_u8_tensor.numpy(), [2, 3, 4])

    x = tf.constant([1, 2, 3])
    y = tf.constant(2)
    z = tf.constant([2, 2, 2])
    # All of these are the same computation.
    for result in (tf.multiply(x, 2), x * y, x * z):
        np.testing.assert_array_equal(result.numpy(), [2, 4, 6])
    x = tf.reshape(x, [3, 1])
    y = tf.range(1, 5)
    np.testing.assert_array_equal(tf.multiply(x, y).numpy(), [[1, 2, 3, 4], [2, 4, 6, 8], [3, 6, 9, 12]])


def test_gradient_tapes():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x**2
    dy_dx = tape.gradient(y, x)
    assert float(dy_dx) == 6.0

    w = tf.Variable(tf.random.normal((3, 2)), name="w")
    b = tf.Variable(tf.zeros(2, dtype=tf.float32), name="b")
    x = [[1.0, 2.0, 3.0]]
    with tf.GradientTape(persistent=True) as tape:
        y = x @ w + b
        loss = tf.reduce_mean(y**2)
    [dl_dw, dl_db] = tape.gradient(loss, [w, b])
    assert dl_dw.shape == w.shape
    y_value = np.array(x, np.float32) @ w.numpy()
    np.testing.assert_allclose(dl_db.numpy(), y_value[0], rtol=1e-5)  # d mean(y^2) / db = 2y / 2
    my_vars = {"w": w, "b": b}
    grad = tape.gradient(loss, my_vars)
    np.testing.assert_allclose(grad["b"].numpy(), dl_db.numpy())


def test_gradients_with_respect_to_a_model():
    layer = tf.keras.layers.Dense(2, activation="relu")
    x = tf.constant([[1.0, 2.0, 3.0]])
    with tf.GradientTape() as tape:
        # Forward pass
        y = layer(x)
        loss = tf.reduce_mean(y**2)
    # Calculate gradients with respect to every trainable variable
    grad = tape.gradient(loss, layer.trainable_variables)
    assert [g.shape for g in grad] == [(3, 2), (2,)]


def test_controlling_what_the_tape_watches():
    # A trainable variable
    x0 = tf.Variable(3.0, name="x0")
    # Not trainable
    x1 = tf.Variable(3.0, name="x1", trainable=False)
    # Not a Variable: A variable + tensor returns a tensor.
    x2 = tf.Variable(2.0, name="x2") + 1.0
    # Not a variable
    x3 = tf.constant(3.0, name="x3")
    with tf.GradientTape() as tape:
        y = (x0**2) + (x1**2) + (x2**2)
    grad = tape.gradient(y, [x0, x1, x2, x3])
    assert float(grad[0]) == 6.0 and grad[1] is None and grad[3] is None

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x**2
    # dy = 2x * dx
    dy_dx = tape.gradient(y, x)
    assert float(dy_dx) == 6.0


def test_intermediate_results_and_persistent_tapes():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    # Use the tape to compute the gradient of z with respect to the intermediate value y.
    # dz_dy = 2 * y and y = x ** 2 = 9
    assert float(tape.gradient(z, y)) == 18.0

    x = tf.constant([1, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    np.testing.assert_array_equal(tape.gradient(z, x).numpy(), [4.0, 108.0])  # (4 * x**3 at x = [1.0, 3.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 6.0])  # (2 * x at x = [1.0, 3.0])
    del tape  # Drop the reference to the tape


def test_gradients_of_non_scalar_targets():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y0 = x**2
        y1 = 1 / x
    assert float(tape.gradient(y0, x)) == 4.0
    assert float(tape.gradient(y1, x)) == -0.25

    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y0 = x**2
        y1 = 1 / x
    assert float(tape.gradient({"y0": y0, "y1": y1}, x)) == 3.75

    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * [3.0, 4.0]
    assert float(tape.gradient(y, x)) == 7.0


def test_control_flow():
    x = tf.constant(1.0)
    v0 = tf.Variable(2.0)
    v1 = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        if x > 0.0:
            result = v0
        else:
            result = v1**2
    dv0, dv1 = tape.gradient(result, [v0, v1])
    assert float(dv0) == 1.0 and dv1 is None
    assert tape.gradient(result, x) is None


def test_parts_waiting_for_missing_names():
    _needs("linspace", "math.sin", "UnconnectedGradients", "rank", "size", "shape")
    x = tf.linspace(-10.0, 10.0, 200 + 1)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.sigmoid(x)
    dy_dx = tape.gradient(y, x)
    s = 1 / (1 + np.exp(-x.numpy()))
    np.testing.assert_allclose(dy_dx.numpy(), s * (1 - s), rtol=1e-4, atol=1e-7)

    x = tf.Variable([2.0, 2.0])
    y = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        z = y**2
    np.testing.assert_array_equal(tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy(),
                                  [0.0, 0.0])
    rank_4_tensor = tf.zeros([3, 2, 4, 5])
    assert int(tf.rank(rank_4_tensor)) == 4 and int(tf.size(rank_4_tensor)) == 120
    np.testing.assert_array_equal(tf.shape(rank_4_tensor).numpy(), [3, 2, 4, 5])
