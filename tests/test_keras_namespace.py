"""``axon.keras`` is the Keras namespace: the same objects as axon's own modules, importable as Keras spells them."""

import importlib
import subprocess
import sys

import pytest

import axon
import axon.keras as keras

SUBMODULES = ["activations", "backend", "callbacks", "datasets", "initializers", "layers", "losses", "metrics",
              "models", "optimizers", "regularizers", "saving", "utils"]


@pytest.mark.parametrize("name", [n for n in SUBMODULES if n != "backend"])
def test_keras_submodules_are_axon_modules(name):
    assert getattr(keras, name) is getattr(axon, name)
    assert importlib.import_module(f"axon.keras.{name}") is getattr(axon, name)


def test_import_axon_alone_makes_tf_keras_usable():
    code = ("import axon as tf\n"
            "opt = tf.keras.optimizers.SGD(learning_rate=0.5)\n"
            "assert float(opt.learning_rate) == 0.5\n"
            "assert tf.keras.layers.Dense is tf.layers.Dense\n"
            "m = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])\n"
            "assert m.count_params() == 3\n"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_from_imports_as_keras_programs_write_them():
    from axon.keras.callbacks import EarlyStopping
    from axon.keras.layers import Conv2D, Dense, MaxPooling2D
    from axon.keras.models import Sequential as ModelsSequential
    from axon.keras.models import load_model
    from axon.keras.optimizers.schedules import ExponentialDecay
    from axon.keras.saving import register_keras_serializable
    from axon.keras.utils import to_categorical

    from axon.keras import Input, Model, Sequential, layers, models, optimizers

    assert Sequential is ModelsSequential is models.Sequential is axon.models.Sequential
    assert Model is axon.models.Model and load_model is axon.models.load_model
    assert Input is layers.Input is axon.layers.Input
    assert Dense is axon.layers.Dense and Conv2D is axon.layers.Conv2D and MaxPooling2D is axon.layers.MaxPooling2D
    assert optimizers.Adam is axon.optimizers.Adam and ExponentialDecay is axon.optimizers.schedules.ExponentialDecay
    assert EarlyStopping is axon.callbacks.EarlyStopping
    assert register_keras_serializable is axon.saving.register_keras_serializable
    assert to_categorical([0, 2], 3).tolist() == [[1, 0, 0], [0, 0, 1]]


def test_datasets_as_keras_spells_them():
    from axon.keras.datasets import cifar10, fashion_mnist, mnist

    assert keras.datasets.fashion_mnist.load_data is fashion_mnist.load_data is axon.datasets.fashion_mnist.load_data
    assert mnist is axon.datasets.mnist and cifar10 is axon.datasets.cifar10
    assert importlib.import_module("axon.keras.datasets.mnist") is axon.datasets.mnist


def test_backend_helpers():
    from axon.keras import backend

    assert backend.floatx() == "float32"
    backend.clear_session()
    assert axon.keras.layers.Dense(2).name == "dense"


def test_wrappers_are_importable_the_keras_3_way():
    pytest.importorskip("sklearn")
    from axon.keras.wrappers import SKLearnClassifier, SKLearnRegressor

    assert SKLearnClassifier is axon.wrappers.SKLearnClassifier and SKLearnRegressor is axon.wrappers.SKLearnRegressor


def test_import_axon_does_not_import_heavy_optional_libraries():
    code = "import sys, axon, axon.keras\nprint(sorted(m for m in ('sklearn', 'matplotlib', 'torch', 'tensorboardX') " \
           "if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
