"""Model files that cannot hurt (issue 12, points 9-14): bounded reads, all-or-nothing
load_weights, version refusal, missing optimizer state, non-numeric arrays, a
ValueError naming the file for every malformed file (with a seeded fuzz test),
file modes."""

import io
import json
import os
import stat
import warnings
import zipfile

import numpy as np
import pytest

from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential, load_model
from axon.models import archive as A
from tests.models.helpers import blobs, classifier


def saved(tmp_path, name="model.axon", trained=True):
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    if trained:
        model.fit(*blobs(16), epochs=1, verbose=0)
    path = tmp_path / name
    model.save(path)
    return model, path


def entries(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path, replace: dict, drop=(), compression=zipfile.ZIP_STORED):
    data = {k: v for k, v in entries(path).items() if k not in drop}
    data.update(replace)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, payload in data.items():
            archive.writestr(name, payload)


def npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in arrays.items():
            archive.writestr(f"{name}.npy", payload)
    return buffer.getvalue()


# ------------------------------------------------------------------ 9. bounded reads
def test_a_small_file_cannot_inflate_a_huge_member(tmp_path):
    model, path = saved(tmp_path)
    bomb = tmp_path / "bomb.axon"
    bomb.write_bytes(path.read_bytes())
    rewrite(bomb, {"weights.npz": b"\0" * (64 << 20)}, compression=zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 1 << 20
    for load in (lambda: load_model(bomb), lambda: model.load_weights(bomb)):
        with pytest.raises(ValueError, match=rf"{bomb.name}.*'meta.json' is compressed|{bomb.name}.*compressed"):
            load()


def test_an_inner_compressed_array_is_bounded_by_the_file_size(tmp_path):
    big = np.zeros(8 << 20, np.float32)  # 32 MB of zeros deflates to about 32 KB
    buffer = io.BytesIO()
    np.savez_compressed(buffer, w0=big)
    with pytest.raises(ValueError, match=r"'w0.npy' (declares|inflates to) .*more than the 32,8\d\d"):
        A.read_npz(buffer.getvalue(), "payload")


def test_a_declared_shape_must_match_the_bytes_before_anything_is_allocated(tmp_path):
    _, path = saved(tmp_path)
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f4", "fortran_order": False,
                                                  "shape": (100000000000,)})
    lie = buffer.getvalue() + np.zeros(3, np.float32).tobytes()
    rewrite(path, {"weights.npz": npz(w0=lie)})
    with pytest.raises(ValueError, match=r"model.axon.*declares shape \(100000000000,\).*holds 12 bytes"):
        load_model(path)


def test_a_config_cannot_build_more_weights_than_the_file_holds(tmp_path):
    _, path = saved(tmp_path)
    meta = json.loads(entries(path)["meta.json"])
    meta["model"]["config"]["layers"][-1]["config"]["units"] = 20_000_000
    rewrite(path, {"meta.json": json.dumps(meta).encode()})
    with pytest.raises(ValueError, match=r"shape \(8, 20000000\) \(160,000,000 values\).*model.axon holds 67 weight"):
        load_model(path)


# ------------------------------------------------------------------ 10. all or nothing
def test_load_weights_that_fails_changes_no_weight(tmp_path):
    source, path = saved(tmp_path)
    target = classifier(seed=7)
    before = target.get_weights()
    arrays = {f"w{i}": npy(w) for i, w in enumerate(source.get_weights())}
    arrays["w3"] = npy(np.zeros(5, np.float32))  # the last weight has the wrong shape
    rewrite(path, {"weights.npz": npz(**arrays)})
    with pytest.raises(ValueError, match="Shape mismatch"):
        target.load_weights(path)
    for a, b in zip(before, target.get_weights()):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ 11. versions, optimizer state
def test_a_newer_format_version_is_refused_with_both_versions(tmp_path):
    model, path = saved(tmp_path)
    meta = json.loads(entries(path)["meta.json"])
    meta["version"] = 7
    rewrite(path, {"meta.json": json.dumps(meta).encode()})
    for load in (lambda: load_model(path), lambda: model.load_weights(path)):
        with pytest.raises(ValueError, match=r"model.axon was written by a newer axon \(file format version 7\); "
                                             r"this axon reads version 1"):
            load()


def test_a_file_without_optimizer_state_warns(tmp_path):
    _, path = saved(tmp_path)
    rewrite(path, {}, drop=("optimizer.npz",))
    with pytest.warns(UserWarning, match=r"model.axon holds no optimizer state: the optimizer 'Adam' starts afresh"):
        load_model(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(path, compile=False)


# ------------------------------------------------------------------ 12. non-numeric arrays
@pytest.mark.parametrize("array", [np.array(["a", "b", "c"]), np.zeros(3, "datetime64[s]"),
                                   np.zeros(3, [("a", "f4"), ("b", "i4")]), np.zeros(3, "V4")],
                         ids=["text", "dates", "records", "raw"])
def test_non_numeric_arrays_are_refused(tmp_path, array):
    model, path = saved(tmp_path)
    arrays = {f"w{i}": npy(w) for i, w in enumerate(model.get_weights())}
    arrays["w1"] = npy(array)
    rewrite(path, {"weights.npz": npz(**arrays)})
    for load in (lambda: load_model(path), lambda: model.load_weights(path)):
        with pytest.raises(ValueError, match=r"model.axon: 'weights.npz': 'w1' has dtype .* refuses to load"):
            load()


# ------------------------------------------------------------------ 13. malformed files
MALFORMED = {
    "bad json": lambda m: b"{oops",
    "a list": lambda m: b"[1, 2]",
    "no version": lambda m: json.dumps({k: v for k, v in m.items() if k != "version"}).encode(),
    "weights not a list": lambda m: json.dumps({**m, "weights": {"a": 1}}).encode(),
    "model not an object": lambda m: json.dumps({**m, "model": "Sequential"}).encode(),
    "unknown class": lambda m: json.dumps({**m, "model": {**m["model"], "class_name": "NoSuchModel"}}).encode(),
    "layer config wrong type": lambda m: json.dumps(
        {**m, "model": {**m["model"], "config": {**m["model"]["config"], "layers": 5}}}).encode(),
    "more names than arrays": lambda m: json.dumps({**m, "weights": m["weights"] + ["extra/kernel"]}).encode(),
    "compile not an object": lambda m: json.dumps({**m, "compile": 3}).encode(),
    "bad optimizer": lambda m: json.dumps({**m, "compile": {**m["compile"], "optimizer": {"x": 1}}}).encode(),
    "input shape of strings": lambda m: json.dumps({**m, "input_shape": [["a"]]}).encode(),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_every_malformed_meta_is_a_value_error_naming_the_file(tmp_path, case):
    _, path = saved(tmp_path)
    meta = json.loads(entries(path)["meta.json"])
    rewrite(path, {"meta.json": MALFORMED[case](meta)})
    with pytest.raises(ValueError, match="model.axon"):
        load_model(path)


def test_fuzzed_files_load_or_raise_a_value_error_naming_the_file(tmp_path):
    """Byte flips and truncations of a saved model: each loads or is refused with a
    ValueError naming the file, never another exception (seeded, bounded)."""
    _, path = saved(tmp_path)
    original = path.read_bytes()
    rng = np.random.default_rng(12)
    target = tmp_path / "fuzzed.axon"
    outcomes = {"loaded": 0, "refused": 0}
    for trial in range(150):
        data = bytearray(original)
        if trial % 3 == 0:
            data = data[:int(rng.integers(0, len(data)))]
        else:
            for position in rng.integers(0, len(data), int(rng.integers(1, 4))):
                data[position] ^= int(rng.integers(1, 256))
        target.write_bytes(bytes(data))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                load_model(target)
            outcomes["loaded"] += 1
        except ValueError as err:
            assert "fuzzed.axon" in str(err), (trial, err)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 50


# ------------------------------------------------------------------ 14. file modes
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_files_honour_the_umask_and_keep_an_existing_files_mode(tmp_path):
    model = Sequential([Input((2,)), Dense(1)])
    old = os.umask(0o022)
    try:
        model.save(tmp_path / "new.axon")
        model.save_weights(tmp_path / "new.weights.axon")
        os.umask(0o077)
        model.save(tmp_path / "private.axon")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.axon").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "new.weights.axon").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.axon").stat().st_mode) == 0o600
    os.chmod(tmp_path / "new.axon", 0o640)
    model.save(tmp_path / "new.axon")
    assert stat.S_IMODE((tmp_path / "new.axon").stat().st_mode) == 0o640
