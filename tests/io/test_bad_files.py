"""Keras files that are crafted or damaged: refused with clear errors, nothing
imported, run, or allocated beyond what the file holds, and nothing half-loaded."""

from __future__ import annotations

import io
import json
import sys
import zipfile

import numpy as np
import pytest
from axon.keras.models import load_model

from axon import layers
from axon.io.keras_map import UnsafeFileError
from axon.models import Sequential

h5py = pytest.importorskip("h5py")


def small():
    return Sequential([layers.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)], name="small")


def rewrite_config(src, dst, edit):
    """Copy the .keras file ``src`` to ``dst`` with its config.json edited."""
    with zipfile.ZipFile(src) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    edit(config)
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(dst, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def saved(tmp_path):
    model = small()
    model.save(tmp_path / "m.keras")
    return tmp_path / "m.keras"


def test_a_class_from_an_arbitrary_module_is_refused_and_never_imported(saved, tmp_path, monkeypatch):
    marker = tmp_path / "imported"
    (tmp_path / "evil_layers.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def edit(config):
        config["config"]["layers"][1].update(module="evil_layers", class_name="Payload", registered_name="Payload")
    rewrite_config(saved, tmp_path / "evil.keras", edit)
    with pytest.raises(UnsafeFileError, match="evil_layers.*never imports"):
        load_model(tmp_path / "evil.keras")
    assert not marker.exists() and "evil_layers" not in sys.modules


def test_a_lambda_with_bytecode_is_refused_in_either_mode(saved, tmp_path):
    code = "4wEAAAAAAAAAAAAAAAEAAAADAAAA8wQAAACXAHwAUwCpAU4="  # marshalled bytecode, as Keras writes it

    def edit(config):
        config["config"]["layers"][1] = {
            "module": "keras.layers", "class_name": "Lambda", "registered_name": None,
            "config": {"name": "lambda", "function": {"class_name": "__lambda__", "config": {
                "code": code, "defaults": None, "closure": None}}}}
    rewrite_config(saved, tmp_path / "lambda.keras", edit)
    for safe_mode in (True, False):
        with pytest.raises(UnsafeFileError, match="Lambda.*never loads"):
            load_model(tmp_path / "lambda.keras", safe_mode=safe_mode)


def test_an_unknown_keras_layer_is_refused_by_name(saved, tmp_path):
    def edit(config):
        config["config"]["layers"][1]["class_name"] = "Quantum"
    rewrite_config(saved, tmp_path / "q.keras", edit)
    with pytest.raises(UnsafeFileError, match="'Quantum' is not a layer axon implements"):
        load_model(tmp_path / "q.keras")


def test_a_config_asking_for_more_weights_than_the_file_holds_is_refused(saved, tmp_path):
    def edit(config):
        config["config"]["layers"][1]["config"]["units"] = 10 ** 9  # 16 GB of kernel
    rewrite_config(saved, tmp_path / "huge.keras", edit)
    with pytest.raises(ValueError, match=r"Layer 'dense.*' would create weight 'kernel' of shape \(4, 1000000000\)"):
        load_model(tmp_path / "huge.keras")


def test_an_unimplemented_option_is_refused_not_dropped(saved, tmp_path):
    def edit(config):
        config["config"]["layers"][1]["config"]["lora_rank"] = 4
    rewrite_config(saved, tmp_path / "lora.keras", edit)
    with pytest.raises(ValueError, match="option lora_rank=4, which axon does not implement"):
        load_model(tmp_path / "lora.keras")


def test_a_zip_bomb_inside_a_keras_file_is_refused(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive:
        config = archive.read("config.json")
    with zipfile.ZipFile(tmp_path / "bomb.keras", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", config)
        archive.writestr("model.weights.h5", bytes(50 << 20))
    assert (tmp_path / "bomb.keras").stat().st_size < 200_000
    with pytest.raises(ValueError, match="model.weights.h5' declares 52,428,800 bytes, more than the"):
        load_model(tmp_path / "bomb.keras")


def test_an_h5_whose_dataset_contradicts_the_config_names_the_layer_and_both_shapes(tmp_path):
    model = small()
    model.save(tmp_path / "m.h5")
    last = model.layers[1].name
    with h5py.File(tmp_path / "m.h5", "r+") as f:
        group = f[f"model_weights/{last}"]
        name = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]][0]
        del group[name]
        group.create_dataset(name, data=np.zeros((5, 2), "float32"))
    with pytest.raises(ValueError, match=rf"Layer '{last}'.*\[\(3, 2\), \(2,\)\].*\[\(5, 2\), \(2,\)\]"):
        load_model(tmp_path / "m.h5")


def test_a_truncated_hdf5_file_is_a_clear_error(tmp_path):
    model = Sequential([layers.Input((64,)), layers.Dense(256), layers.Dense(10)])
    model.save(tmp_path / "m.h5")
    model.save_weights(tmp_path / "m.weights.h5")
    for name in ("m.h5", "m.weights.h5"):
        data = (tmp_path / name).read_bytes()
        (tmp_path / f"cut_{name}").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated"):
        load_model(tmp_path / "cut_m.h5")
    with pytest.raises(ValueError, match="truncated"):
        model.load_weights(tmp_path / "cut_m.weights.h5")


def test_a_compressed_dataset_larger_than_the_file_is_refused(tmp_path):
    model = Sequential([layers.Input((512,)), layers.Dense(512)])
    model.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "w.weights.h5", "r+") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars"].create_dataset("0", data=np.zeros((512, 512), "float32"), compression="gzip")
    with pytest.raises(ValueError, match="compressed"):
        model.load_weights(tmp_path / "w.weights.h5")


def test_loading_is_all_or_nothing(tmp_path):
    source = Sequential([layers.Input((4,)), layers.Dense(3), layers.Dense(5)])
    source.save_weights(tmp_path / "w.weights.h5")
    source.save_weights(tmp_path / "w.h5")
    target = small()
    before = target.get_weights()
    for name in ("w.weights.h5", "w.h5"):
        with pytest.raises(ValueError, match="dense_1|Layer"):
            target.load_weights(tmp_path / name)
        for a, b in zip(before, target.get_weights()):
            np.testing.assert_array_equal(a, b)


def test_skip_mismatch_loads_the_layers_that_fit(tmp_path):
    source = Sequential([layers.Input((4,)), layers.Dense(3), layers.Dense(5)])
    source.save_weights(tmp_path / "w.weights.h5")
    target = small()
    target.load_weights(tmp_path / "w.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(target.layers[0].get_weights()[0], source.layers[0].get_weights()[0])


def test_unknown_or_missing_extensions_list_the_formats(tmp_path):
    model = small()
    for name in ("model", "model.pkl"):
        with pytest.raises(ValueError, match=r"'\.keras'.*'\.h5'.*'\.safetensors'.*'\.axon'"):
            model.save(tmp_path / name)
        with pytest.raises(ValueError, match="Cannot tell the file format"):
            load_model(tmp_path / name)
    with pytest.raises(ValueError, match="holds weights only"):
        model.save(tmp_path / "m.safetensors")
    with pytest.raises(ValueError, match="use model.save"):
        model.save_weights(tmp_path / "m.keras")


def test_load_weights_reads_the_weights_inside_a_keras_file(saved):
    model = small()
    model.load_weights(saved)
    source = load_model(saved)
    for a, b in zip(model.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_not_a_zip_or_not_hdf5_is_a_clear_error(tmp_path):
    (tmp_path / "x.keras").write_bytes(b"hello")
    (tmp_path / "x.h5").write_bytes(b"hello")
    with pytest.raises(ValueError, match="not a readable zip"):
        load_model(tmp_path / "x.keras")
    with pytest.raises(ValueError, match="not a readable HDF5"):
        load_model(tmp_path / "x.h5")


def test_a_keras_file_without_weights_member_says_so(saved, tmp_path):
    with zipfile.ZipFile(saved) as archive, zipfile.ZipFile(tmp_path / "w.keras", "w") as out:
        out.writestr("config.json", archive.read("config.json"))
    with pytest.raises(ValueError, match="no 'model.weights.h5'"):
        load_model(tmp_path / "w.keras")


def test_import_axon_does_not_import_h5py_or_onnx():
    import subprocess

    code = "import sys, axon; print('h5py' in sys.modules, 'onnx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_weights_h5_written_in_memory_matches_the_keras_layout():
    from axon.io.keras_v3 import write_weights

    model = small()
    buffer = io.BytesIO()
    write_weights(model, buffer)
    with h5py.File(buffer, "r") as f:
        assert sorted(f["layers"]) == ["dense", "dense_1"]
        assert f["layers/dense_1/vars"].attrs["name"] == model.layers[1].name
        np.testing.assert_array_equal(f["layers/dense_1/vars/0"][()], model.layers[1].get_weights()[0])
