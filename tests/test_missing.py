"""Known Keras / TensorFlow names that axon lacks say so; unknown names stay plain AttributeErrors."""

import subprocess
import sys

import pytest

import axon
import axon.keras as keras
from axon import missing


@pytest.mark.parametrize("module, name, public", [
    (axon, "TensorArray", "tf.TensorArray"),
    (keras, "mixed_precision", "keras.mixed_precision"),
    (keras.layers, "Conv3D", "keras.layers.Conv3D"),
    (axon.nn, "ctc_loss", "tf.nn.ctc_loss"),
    (axon.math, "segment_sum", "tf.math.segment_sum"),
    (axon.linalg, "inv", "tf.linalg.inv"),
    (axon.random, "gamma", "tf.random.gamma"),
    (axon.config, "set_visible_devices", "tf.config.set_visible_devices"),
    (axon.config.experimental, "get_memory_info", "tf.config.experimental.get_memory_info"),
])
def test_known_missing_names_say_axon_does_not_implement_them(module, name, public):
    with pytest.raises(NotImplementedError, match=rf"axon does not implement {public} yet"):
        getattr(module, name)
    assert not hasattr(module, name)  # still an AttributeError
    assert getattr(module, name, "absent") == "absent"


def test_the_message_names_what_to_use_instead():
    with pytest.raises(missing.NotImplementedInAxon, match=r"Instead: .*axon\.stack") as info:
        axon.TensorArray
    assert isinstance(info.value, AttributeError) and info.value.name == "TensorArray"


def test_unknown_names_are_plain_attribute_errors():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_thing'") as info:
        keras.layers.no_such_thing
    assert not isinstance(info.value, NotImplementedError)
    with pytest.raises(AttributeError, match="module 'axon' has no attribute"):
        axon.no_such_thing


def test_from_import_keeps_the_message():
    with pytest.raises(ImportError, match="axon does not implement keras.layers.Conv3D yet"):
        from axon.keras.layers import Conv3D  # noqa: F401
    with pytest.raises(ImportError, match="cannot import name"):
        from axon.keras.layers import NoSuchLayer  # noqa: F401


def test_lazy_wrappers_module_still_loads():
    code = "import axon, sys\nassert 'axon.wrappers' not in sys.modules\nassert axon.wrappers.__name__\nprint('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr


def test_every_table_names_a_hooked_module():
    import importlib

    for module in missing.KNOWN:
        mod = importlib.import_module(module)
        assert mod.__getattr__.__qualname__.startswith("module_getattr"), module


@pytest.mark.parametrize("module, name", [
    ("optimizers", "Ftrl"), ("losses", "BinaryFocalCrossentropy"), ("metrics", "PrecisionAtRecall"),
    ("callbacks", "BackupAndRestore"), ("applications", "ResNet50"), ("utils", "get_file"),
    ("initializers", "Identity"),
])
def test_keras_submodules_say_what_is_missing(module, name):
    with pytest.raises(NotImplementedError, match=rf"axon does not implement keras\.{module}\.{name} yet"):
        getattr(getattr(keras, module), name)


def test_no_table_entry_names_something_axon_has():
    import importlib

    for module, (_, table) in missing.KNOWN.items():
        present = [name for name in table if name in vars(importlib.import_module(module))]
        assert not present, f"{module} implements {present} now: delete them from axon/missing.py KNOWN"
