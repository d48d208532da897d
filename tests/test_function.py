"""``axon.function`` (tf.function) runs eagerly and enforces input_signature; tf.config's devices and switches."""

import numpy as np
import pytest

import axon as tf


def test_decorator_bare_and_with_arguments_give_the_function_results():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)  # runs on every call: there is no tracing
        return x * 2.0

    @tf.function(jit_compile=True, reduce_retracing=True, autograph=False)
    def g(x, y=1.0):
        return x + y

    x = tf.constant([1.0, 2.0])
    assert f(x).numpy().tolist() == [2.0, 4.0] and f(x).numpy().tolist() == [2.0, 4.0]
    assert len(calls) == 2
    assert g(x, y=3.0).numpy().tolist() == [4.0, 5.0]
    assert g.jit_compile is True and g.reduce_retracing and not g.autograph
    assert f.__name__ == "f" and f.python_function(x).numpy().tolist() == [2.0, 4.0]
    assert "eager" in tf.function.__doc__


def test_gradients_flow_through_a_decorated_training_step():
    w = tf.Variable([[1.0], [2.0]])

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.matmul(x, w) ** 2)
        return tape.gradient(loss, w)

    grad = step(tf.constant([[1.0, 1.0]]))
    np.testing.assert_allclose(grad.numpy(), [[6.0], [6.0]])


def test_input_signature_is_enforced():
    @tf.function(input_signature=[tf.TensorSpec(shape=[None, 3], dtype=tf.float32)])
    def f(x):
        return tf.reduce_sum(x)

    assert float(f(tf.ones((5, 3)))) == 15.0
    with pytest.raises(ValueError, match=r"argument 0 \(shape \(5, 4\).*input_signature\[0\]"):
        f(tf.ones((5, 4)))
    with pytest.raises(ValueError, match="float64"):
        f(np.ones((2, 3)))
    with pytest.raises(TypeError, match="2 arguments"):
        f(tf.ones((1, 3)), tf.ones((1, 3)))
    with pytest.raises(TypeError, match="TensorSpec"):
        tf.function(lambda x: x, input_signature=[(2, 3)])
    with pytest.raises(ValueError, match="jit_compile"):
        tf.function(lambda x: x, jit_compile="yes")


def test_methods_bind_and_the_signature_excludes_self():
    class Model:
        scale = 3.0

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def __call__(self, x):
            return x * self.scale

    assert Model()(tf.constant([1.0])).numpy().tolist() == [3.0]
    with pytest.raises(ValueError, match="input_signature"):
        Model()(tf.constant([[1.0]]))


def test_tensor_spec():
    spec = tf.TensorSpec([None, 28], tf.float32, name="x")
    assert spec.is_compatible_with(tf.zeros((4, 28))) and not spec.is_compatible_with(tf.zeros((4, 27)))
    assert not spec.is_compatible_with(tf.zeros((4, 28, 1)))
    assert tf.TensorSpec(None, "float32").is_compatible_with(tf.zeros((1, 2, 3)))
    assert spec == tf.TensorSpec((None, 28), "float32", "x") and "None, 28" in repr(spec)


def test_run_functions_eagerly_switch():
    assert tf.config.functions_run_eagerly() is False
    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly() is True
    finally:
        tf.config.run_functions_eagerly(False)
    with pytest.raises(TypeError, match="bool"):
        tf.config.run_functions_eagerly("yes")


def test_devices_report_what_the_numpy_backend_has():
    assert tf.config.list_physical_devices("GPU") == []
    cpus = tf.config.list_physical_devices("CPU")
    assert cpus == tf.config.list_physical_devices() and cpus[0].device_type == "CPU"
    assert cpus[0].name == "/physical_device:CPU:0"
    assert tf.config.list_logical_devices("CPU")[0].name == "/device:CPU:0"
    assert tf.config.experimental.list_physical_devices("gpu") == []
    with pytest.raises(ValueError, match="device_type"):
        tf.config.list_physical_devices("FPGA")
    with pytest.raises(ValueError, match="GPU"):
        tf.config.experimental.set_memory_growth(cpus[0], True)
