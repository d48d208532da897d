"""Concatenate, Add and the other merge layers: values, gradients, shapes, config, errors."""

import numpy as np
import pytest

import axon
from axon.layers.input_layer import Input
from axon.layers.merge import (
    Add,
    Average,
    Concatenate,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    maximum,
    minimum,
    multiply,
    subtract,
)

GEN = np.random.default_rng(0)
A, B, C = (GEN.standard_normal((3, 4)) for _ in range(3))

CASES = [
    (Add, [A, B, C], A + B + C),
    (Subtract, [A, B], A - B),
    (Multiply, [A, B, C], A * B * C),
    (Average, [A, B, C], (A + B + C) / 3),
    (Maximum, [A, B, C], np.maximum(np.maximum(A, B), C)),
    (Minimum, [A, B], np.minimum(A, B)),
]


@pytest.mark.parametrize("cls,inputs,expected", CASES)
def test_elementwise_merge_values_and_gradients(cls, inputs, expected):
    layer = cls(dtype="float64")
    np.testing.assert_allclose(layer(inputs).numpy(), expected, rtol=1e-12)
    assert axon.utils.gradient_check(lambda *xs: layer(list(xs)), inputs) < 1e-7
    assert layer.compute_output_shape([(None, 4)] * len(inputs)) == (None, 4)
    assert layer.count_params() == 0
    clone = cls.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_functional_forms():
    for fn, cls, inputs, expected in [(add, Add, [A, B], A + B), (subtract, Subtract, [A, B], A - B),
                                      (multiply, Multiply, [A, B], A * B), (average, Average, [A, B], (A + B) / 2),
                                      (maximum, Maximum, [A, B], np.maximum(A, B)),
                                      (minimum, Minimum, [A, B], np.minimum(A, B))]:
        np.testing.assert_allclose(fn(inputs, dtype="float64").numpy(), expected, rtol=1e-12, err_msg=cls.__name__)
    np.testing.assert_array_equal(concatenate([A, B], axis=0, dtype="float64").numpy(), np.concatenate([A, B]))


def test_add_broadcasts_size_one_axes():
    x, bias = GEN.standard_normal((2, 3, 4)), GEN.standard_normal((2, 1, 4))
    np.testing.assert_allclose(Add(dtype="float64")([x, bias]).numpy(), x + bias)
    assert Add().compute_output_shape([(None, 3, 4), (None, 1, 4)]) == (None, 3, 4)


@pytest.mark.parametrize("axis", [-1, 1, 0])
def test_concatenate_values_and_gradients(axis):
    x, y = GEN.standard_normal((2, 3, 4)), GEN.standard_normal((2, 3, 4))
    layer = Concatenate(axis=axis, dtype="float64")
    np.testing.assert_array_equal(layer([x, y]).numpy(), np.concatenate([x, y], axis=axis))
    assert axon.utils.gradient_check(lambda a, b: layer([a, b]), [x, y]) < 1e-7
    assert Concatenate.from_config(layer.get_config()).axis == axis


def test_concatenate_output_shape_and_symbolic_inputs():
    a, b = Input((28, 28, 8)), Input((28, 28, 16))
    assert Concatenate()([a, b]).shape == (None, 28, 28, 24)
    assert concatenate([Input((3,)), Input((5,))]).shape == (None, 8)
    assert Concatenate(axis=1).compute_output_shape([(None, None, 4), (None, 2, 4)]) == (None, None, 4)
    assert Concatenate(axis=1).compute_output_shape([(None, 3, None), (None, 2, 4)]) == (None, 5, 4)
    assert add([Input((4,)), Input((4,))]).shape == (None, 4)


def test_concatenate_mismatch_names_layer_and_all_shapes():
    with pytest.raises(ValueError, match=r"'cat'.*axis=-1.*\[\(None, 3, 4\), \(None, 5, 4\), \(None, 3, 2\)\]"):
        Concatenate(name="cat")([np.zeros((2, 3, 4)), np.zeros((2, 5, 4)), np.zeros((2, 3, 2))])
    with pytest.raises(ValueError, match=r"same rank.*\[\(None, 3\), \(None, 3, 1\)\]"):
        Concatenate()([Input((3,)), Input((3, 1))])
    with pytest.raises(ValueError, match=r"axis=2"):
        Concatenate(axis=2)([np.zeros((2, 3)), np.zeros((2, 3))])


def test_add_mismatch_names_layer_and_all_shapes():
    with pytest.raises(ValueError, match=r"'sum'.*\[\(None, 3\), \(None, 4\)\]"):
        Add(name="sum")([np.zeros((2, 3)), np.zeros((2, 4))])
    layer = Add(name="res")
    layer([np.zeros((2, 3)), np.zeros((2, 3))])
    with pytest.raises(ValueError, match=r"'res'.*\[\(2, 3\), \(2, 5\)\]"):  # also checked after build
        layer([np.zeros((2, 3)), np.zeros((2, 5))])
    with pytest.raises(ValueError, match=r"\[\(None, 4\), \(None, 5\)\]"):
        add([Input((4,)), Input((5,))])


def test_merge_needs_a_list_of_enough_tensors():
    with pytest.raises(ValueError, match=r"'plus'.*list of tensors"):
        Add(name="plus")(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"at least 2.*Received 1"):
        Add()([np.zeros((2, 3))])
    with pytest.raises(ValueError, match=r"exactly 2.*Received 3"):
        Subtract()([np.zeros((2, 3))] * 3)
