"""axon.explain.trace_step: the course's 3-3-2 example by the numbers, and any small model."""

import numpy as np
import pytest

import axon
from axon.explain.trace import trace_step
from axon.keras import layers, models
from axon.layers.conv import Conv2D

X = np.array([[0.02, 0.04, 0.01]])
Y = np.array([[0.9, 0.5]])
W1 = np.array([[0.25, 0.15, 0.30], [0.25, 0.20, 0.35], [0.10, 0.25, 0.15]])
W2 = np.array([[0.40, 0.25], [0.35, 0.30], [0.01, 0.35]])


def course_model(compile_loss=None):
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(3, activation="sigmoid", name="hidden"),
                               layers.Dense(2, activation="sigmoid", name="out")])
    model.set_weights([W1, np.full(3, 0.4), W2, np.full(2, 0.7)])
    if compile_loss:
        model.compile("sgd", compile_loss)
    return model


def test_reproduces_the_hand_worked_numbers(capsys):
    model = course_model()
    trace = trace_step(model, X, Y, learning_rate=1.0, loss="half_sse")
    hidden, out = trace.layers
    # to 4 decimals (the atol only absorbs float32's representation of the rounded values)
    np.testing.assert_allclose(np.round(hidden.output[0], 4), [0.6025, 0.6019, 0.6038], rtol=0, atol=1e-6)
    np.testing.assert_allclose(np.round(out.output[0], 4), [0.7609, 0.7760], rtol=0, atol=1e-6)
    assert round(trace.loss, 4) == 0.0478
    w2 = trace.weights["out/kernel"]
    assert round(float(w2.gradient[1, 0]), 4) == -0.0152
    assert round(float(w2.new[1, 0]), 4) == 0.3652
    assert round(float(w2.old[1, 0]), 4) == 0.35
    np.testing.assert_allclose(model.get_weights()[2][1, 0], w2.new[1, 0])  # the step was applied
    assert trace.loss_after < trace.loss

    # the local gradients of the chain rule
    np.testing.assert_allclose(trace.grad_y_pred[0], out.output[0] - Y[0], rtol=1e-5)
    s = out.output[0]
    np.testing.assert_allclose(out.activation_derivative[0], s * (1 - s), rtol=1e-5)
    np.testing.assert_allclose(out.grad_pre_activation, out.grad_output * out.activation_derivative, rtol=1e-5)
    np.testing.assert_allclose(w2.gradient, hidden.output.T @ out.grad_pre_activation, rtol=1e-5)
    np.testing.assert_allclose(hidden.grad_output, out.grad_pre_activation @ W2.T, rtol=1e-5)
    np.testing.assert_allclose(hidden.pre_activation[0], X[0] @ W1 + 0.4, rtol=1e-6)

    table = capsys.readouterr().out
    for text in ("v = W^T x + b", "h = sigmoid(v)", "dL/dy_hat = y_hat - y", "dy_hat/dv = sigmoid'(v)",
                 "out/kernel[1, 0]", "0.3500", "-0.0152", "0.3652", "0.0478"):
        assert text in table, text


def test_keras_mse_equals_half_sse_for_two_outputs_and_is_the_compiled_default():
    a = trace_step(course_model(), X, Y, learning_rate=1.0, loss="half_sse", print=False)
    b = trace_step(course_model("mse"), X, Y, learning_rate=1.0, print=False)  # loss=None: the compiled one
    assert b.loss_name == "mse"
    assert a.loss == pytest.approx(b.loss, rel=1e-6)
    np.testing.assert_allclose(a.weights["out/kernel"].gradient, b.weights["out/kernel"].gradient, rtol=1e-5)
    sse = trace_step(course_model(), X, Y, loss="sse", apply=False, print=False)
    assert sse.loss == pytest.approx(2 * a.loss, rel=1e-6)


def test_apply_false_leaves_the_weights_alone():
    model = course_model()
    trace = trace_step(model, X, Y, learning_rate=0.5, apply=False, print=False)
    np.testing.assert_array_equal(model.get_weights()[2], W2.astype("float32"))
    assert trace.loss_after is None
    np.testing.assert_allclose(trace.weights["hidden/kernel"].new,
                               W1 - 0.5 * trace.weights["hidden/kernel"].gradient, rtol=1e-6)


def tape_gradients(model, x, y, loss_fn):
    with axon.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=False))
    return [g.numpy() for g in tape.gradient(loss, model.trainable_weights)]


def test_a_batch_through_a_conv_net_matches_the_tape():
    axon.random.set_seed(3)
    model = models.Sequential([layers.Input(shape=(5, 5, 2)), Conv2D(3, 3, activation="tanh"), layers.Flatten(),
                               layers.Dense(4, activation="relu"), layers.Dense(3), layers.Activation("softmax")])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 5, 5, 2)).astype("float32")
    y = np.eye(3)[[0, 1, 2, 1]].astype("float32")
    expected = tape_gradients(model, x, y, lambda t, p: axon.losses.CategoricalCrossentropy()(t, p))
    trace = trace_step(model, x, y, learning_rate=0.1, loss="categorical_crossentropy", training=False,
                       print=False)
    got = [w.gradient for lt in trace.layers for w in lt.weights]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-7)
    conv, flatten, dense, _, softmax = trace.layers
    assert conv.pre_activation.shape == (4, 3, 3, 3) and conv.activation == "tanh"
    np.testing.assert_allclose(conv.activation_derivative, 1 - np.tanh(conv.pre_activation) ** 2, rtol=1e-4)
    assert flatten.pre_activation is None and flatten.output.shape == (4, 27)
    assert softmax.activation == "softmax" and softmax.activation_derivative is None  # not elementwise
    assert "dL/dv (through softmax)" in trace.table()


def test_a_functional_model_is_traced_node_by_node():
    axon.random.set_seed(1)
    inputs = layers.Input(shape=(3,))
    h = layers.Dense(4, activation="sigmoid", name="a")(inputs)
    skip = layers.Add(name="sum")([h, layers.Dense(4, name="b")(h)])
    model = models.Model(inputs, layers.Dense(2, name="head")(skip))
    x, y = np.ones((2, 3), "float32"), np.zeros((2, 2), "float32")
    expected = tape_gradients(model, x, y, lambda t, p: axon.explain.half_sse(t, p))
    trace = trace_step(model, x, y, print=False)
    assert [lt.name for lt in trace.layers] == ["a", "b", "sum", "head"]
    assert isinstance(trace.layers[2].inputs, list) and len(trace.layers[2].grad_input) == 2
    for g, e in zip([w.gradient for lt in trace.layers for w in lt.weights], expected):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-7)


def test_refuses_subclassed_models_and_several_outputs():
    class Net(models.Model):
        def call(self, x):
            return x

    with pytest.raises(TypeError, match="subclassed"):
        trace_step(Net(), X, Y, print=False)
    inputs = layers.Input(shape=(3,))
    two = models.Model(inputs, [layers.Dense(1)(inputs), layers.Dense(1)(inputs)])
    with pytest.raises(ValueError, match="one output"):
        trace_step(two, X, Y, print=False)
