"""Variable (in-place assign*), the dtype policy and tensor creation."""

import numpy as np
import pytest

import axon
from axon import ops


def test_assign_assign_add_assign_sub_work_in_place():
    v = axon.Variable([[1.0, 2.0]], name="w")
    buffer = v.data
    assert v.assign([[3.0, 4.0]]) is v
    v.assign_add(np.array([[1.0, 1.0]]))
    v.assign_sub(axon.tensor([[0.5, 0.5]]))
    assert v.data is buffer  # same storage: optimizers and layers keep their references
    np.testing.assert_array_equal(v.numpy(), [[3.5, 4.5]])
    assert v.dtype == np.float32


@pytest.mark.parametrize("method", ["assign", "assign_add", "assign_sub"])
def test_assign_with_a_wrong_shape_names_both_shapes(method):
    v = axon.Variable(np.zeros((2, 3)), name="kernel")
    with pytest.raises(ValueError, match=r"\(3, 2\).*kernel.*\(2, 3\)"):
        getattr(v, method)(np.zeros((3, 2)))


def test_variable_owns_its_values():
    initial = np.zeros(3)
    v = axon.Variable(initial)
    v.assign_add([1.0, 1.0, 1.0])
    np.testing.assert_array_equal(initial, [0.0, 0.0, 0.0])
    t = axon.tensor(np.ones(2))
    axon.Variable(t).assign([5.0, 5.0])
    np.testing.assert_array_equal(t.numpy(), [1.0, 1.0])


def test_variable_flags_and_name():
    v = axon.Variable(1.0, name="bias")
    assert v.trainable and v.requires_grad and v.name == "bias" and v.dtype == np.float32
    frozen = axon.Variable(1.0, trainable=False)
    assert not frozen.requires_grad
    counter = axon.Variable(0, trainable=True)
    assert not counter.requires_grad  # integers have no gradient
    assert axon.Variable(lambda: np.ones(2)).shape == (2,)
    assert "bias" in repr(v)


def test_assign_is_not_recorded_and_gradients_flow_through_a_variable():
    v = axon.Variable([1.0, 2.0])
    (v * v).sum().backward()
    np.testing.assert_array_equal(v.grad.numpy(), [2.0, 4.0])
    v.assign_sub(0.5 * v.grad.numpy())
    assert v._op is None and v.requires_grad
    np.testing.assert_array_equal(v.numpy(), [0.0, 0.0])


def test_python_floats_become_float32():
    assert axon.tensor(1.5).dtype == np.float32
    assert axon.tensor([[1.0, 2.0]]).dtype == np.float32
    assert axon.constant([1.0]).dtype == np.float32
    assert axon.convert_to_tensor(2.0).dtype == np.float32
    assert axon.tensor([1, 2]).dtype == np.int32  # Python ints are int32, as in TensorFlow
    assert axon.constant(4).dtype == axon.int32 and axon.constant(2**40).dtype == np.int64


def test_numpy_arrays_keep_their_dtype():
    assert axon.tensor(np.ones(2)).dtype == np.float64
    assert axon.tensor(np.ones(2, np.float16)).dtype == np.float16
    assert axon.tensor(np.arange(3, dtype=np.int32)).dtype == np.int32
    assert axon.tensor(np.float64(1.0)).dtype == np.float64
    assert axon.Variable(np.ones(2)).dtype == np.float64


@pytest.mark.parametrize("name, expected", [("float32", np.float32), ("float64", np.float64),
                                            ("float16", np.float16), ("int32", np.int32), ("int64", np.int64),
                                            ("uint8", np.uint8), ("int8", np.int8), ("bool", np.bool_)])
def test_dtype_names_and_objects(name, expected):
    assert axon.tensor([1], dtype=name).dtype == expected
    assert axon.tensor([1], dtype=getattr(axon, name)).dtype == expected


def test_unknown_dtype_name_lists_the_valid_ones():
    with pytest.raises(TypeError, match=r"'flaot32'.*float32.*float64.*int32"):
        axon.tensor([1.0], dtype="flaot32")
    with pytest.raises(TypeError, match="flaot32"):
        ops.cast(axon.tensor([1.0]), "flaot32")


def test_constant_with_a_shape():
    np.testing.assert_array_equal(axon.constant(7.0, shape=(2, 2)).numpy(), np.full((2, 2), 7.0))
    assert axon.constant([1.0, 2.0, 3.0, 4.0], shape=(2, 2)).shape == (2, 2)


def test_convert_to_tensor_returns_the_same_tensor():
    t = axon.tensor([1.0])
    assert axon.convert_to_tensor(t) is t
    assert axon.convert_to_tensor(t, dtype="float64").dtype == np.float64


def test_tensor_facts_and_conversions():
    t = axon.tensor(np.arange(6.0).reshape(2, 3))
    assert (t.shape, t.ndim, t.size, len(t)) == ((2, 3), 2, 6, 2)
    assert isinstance(t.numpy(), np.ndarray)
    np.testing.assert_array_equal(np.asarray(t), t.numpy())
    assert float(axon.tensor(2.5)) == 2.5 and axon.tensor(2.5).item() == 2.5
    assert f"{axon.tensor(0.123456):.2f}" == "0.12"
    assert "requires_grad=True" in repr(axon.tensor([1.0], requires_grad=True))
    with pytest.raises(TypeError, match="0-d"):
        len(axon.tensor(1.0))
