"""AlexNet (the course's small variant) and VGG11: structure and a forward pass."""

import numpy as np
import pytest

import axon
from axon.applications.alexnet import AlexNet
from axon.applications.vgg import VGG11
from axon.layers.conv import Conv2D
from axon.layers.core import Dropout, Flatten
from axon.layers.dense import Dense
from axon.layers.pooling import MaxPooling2D


def structure(model):
    out = []
    for layer in model.layers:
        if isinstance(layer, Conv2D):
            out.append(("C", layer.filters, layer.kernel_size, layer.padding))
        elif isinstance(layer, MaxPooling2D):
            out.append("M")
        elif isinstance(layer, Dense):
            out.append(("D", layer.units))
        elif isinstance(layer, Dropout):
            out.append(("drop", layer.rate))
        elif isinstance(layer, Flatten):
            out.append("F")
    return out


def test_alexnet_has_the_course_layers():
    model = AlexNet()
    conv = [("C", f, (3, 3), "same") for f in (16, 32, 64, 128, 256)]
    assert structure(model) == [conv[0], "M", conv[1], "M", conv[2], conv[3], conv[4], "M", "F",
                                ("D", 4096), ("drop", 0.4), ("D", 2048), ("drop", 0.4), ("D", 1024), ("drop", 0.4),
                                ("D", 10)]
    assert all(layer.activation is axon.activations.relu for layer in model.layers[:-1] if hasattr(layer, "activation"))
    assert model.layers[-1].activation is axon.activations.softmax
    assert model.output_shape == (None, 10)
    assert model.layers[model.layers.index(next(la for la in model.layers if isinstance(la, Flatten)))] \
        .output_shape == (None, 4 * 4 * 256)
    assert model.count_params() == 27_673_002


def test_alexnet_forward_pass_on_a_tiny_batch():
    axon.random.set_seed(0)
    model = AlexNet(input_shape=(16, 16, 1), classes=3, dense_units=(32, 16, 8))
    out = model.predict(np.random.default_rng(0).random((2, 16, 16, 1)), verbose=0)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match="at least 8x8"):
        AlexNet(input_shape=(4, 4, 1))


def test_vgg11_follows_configuration_a():
    model = VGG11(width=4)
    convs = [item[1] for item in structure(model) if isinstance(item, tuple) and item[0] == "C"]
    assert convs == [16, 32, 64, 64, 128, 128, 128, 128]
    pattern = ["C" if isinstance(item, tuple) and item[0] == "C" else item for item in structure(model)[:13]]
    assert pattern == ["C", "M", "C", "M", "C", "C", "M", "C", "C", "M", "C", "C", "M"]
    assert structure(model)[13:] == ["F", ("D", 128), ("drop", 0.5), ("D", 128), ("drop", 0.5), ("D", 10)]
    assert sum(isinstance(layer, (Conv2D, Dense)) for layer in model.layers) == 11  # the 11 of VGG-11
    assert VGG11().count_params() == 9_750_922


def test_vgg11_forward_pass_with_a_width_divisor():
    axon.random.set_seed(0)
    model = VGG11(classes=5, width=16, classifier_activation=None)
    out = model(np.random.default_rng(0).random((2, 32, 32, 3)))
    assert out.shape == (2, 5)
    with pytest.raises(ValueError, match="at least 32x32"):
        VGG11(input_shape=(28, 28, 1))
    with pytest.raises(ValueError, match="width"):
        VGG11(width=0)
