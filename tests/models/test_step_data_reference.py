"""What ``train_step`` / ``test_step`` / ``predict_step`` receive, checked against real Keras 3.

One reference run records, for each way of calling fit/evaluate/predict, the
structure of the ``data`` a custom step sees (tuple lengths, list/dict, shapes);
axon must hand its steps the same structures.
"""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import layers
from tests.reference import run_reference

DESCRIBE = '''
def describe(value):
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{describe(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (tuple, list)):
        kind = "tuple" if isinstance(value, tuple) else "list"
        return kind + "(" + ",".join(describe(v) for v in value) + ")"
    if value is None:
        return "None"
    return "T" + str(tuple(int(n) for n in value.shape))
'''

CASES = ["xy", "xyw", "x_only", "list_xy", "dict_xy", "list_x_only", "class_weight", "evaluate", "predict",
         "predict_list", "validation"]

KERAS_SCRIPT = DESCRIBE + '''
import keras
seen = {}

def build(two_inputs=False, dict_inputs=False):
    if two_inputs or dict_inputs:
        a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
        out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
        inputs = {"a": a, "b": b} if dict_inputs else [a, b]
    else:
        inputs = keras.Input((3,), name="a")
        out = keras.layers.Dense(1)(inputs)
    return Recorder(inputs, out)

class Recorder(keras.Model):
    case = None
    def train_step(self, data):
        seen[self.case] = describe(data)
        return {"ok": 1.0}
    def test_step(self, data):
        seen.setdefault(self.case + ":test", describe(data))
        return {"ok": 1.0}
    def predict_step(self, data):
        seen[self.case] = describe(data)
        x, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        return x if not isinstance(x, (list, tuple, dict)) else keras.ops.zeros((4, 1))

x, x2, y, w = inputs["x"], inputs["x2"], inputs["y"], inputs["w"]
def run(case, model, method, *args, **kwargs):
    model.case = case
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    getattr(model, method)(*args, batch_size=4, verbose=0, **kwargs)

run("xy", build(), "fit", x, y)
run("xyw", build(), "fit", x, y, sample_weight=w)
run("x_only", build(), "fit", x)
run("list_xy", build(True), "fit", [x, x2], y)
run("dict_xy", build(dict_inputs=True), "fit", {"a": x, "b": x2}, y)
run("list_x_only", build(True), "fit", [x, x2])
run("class_weight", build(), "fit", x, (y > 0).astype("int32"), class_weight={0: 1.0, 1: 2.0})
run("evaluate", build(), "evaluate", x, y)
seen["evaluate"] = seen.pop("evaluate:test")
run("predict", build(), "predict", x)
run("predict_list", build(True), "predict", [x, x2])
run("validation", build(), "fit", x, y, validation_data=(x, y))
seen["validation"] = seen["validation"] + "|" + seen.pop("validation:test")
for key in list(seen):
    if key.endswith(":test"):
        del seen[key]
outputs.update({k: np.asarray(v) for k, v in seen.items()})
'''


def _describe(value):
    namespace: dict = {}
    exec(DESCRIBE, namespace)  # the very function the reference run uses
    return namespace["describe"](value)


class Recorder(axon.keras.Model):
    case = None
    seen: dict = {}

    def train_step(self, data):
        self.seen[self.case] = _describe(data)
        return {"ok": 1.0}

    def test_step(self, data):
        self.seen.setdefault(self.case + ":test", _describe(data))
        return {"ok": 1.0}

    def predict_step(self, data):
        self.seen[self.case] = _describe(data)
        x, _, _ = axon.keras.utils.unpack_x_y_sample_weight(data)
        return x if not isinstance(x, (list, tuple, dict)) else axon.zeros((4, 1))


def _build(two_inputs=False, dict_inputs=False):
    if two_inputs or dict_inputs:
        a, b = axon.keras.Input((3,), name="a"), axon.keras.Input((2,), name="b")
        out = layers.Dense(1)(layers.Concatenate()([a, b]))
        inputs = {"a": a, "b": b} if dict_inputs else [a, b]
    else:
        inputs = axon.keras.Input((3,), name="a")
        out = layers.Dense(1)(inputs)
    return Recorder(inputs, out)


def _axon_structures(x, x2, y, w) -> dict:
    Recorder.seen = seen = {}

    def run(case, model, method, *args, **kwargs):
        model.case = case
        model.compile(optimizer="sgd", loss="mse")
        getattr(model, method)(*args, batch_size=4, verbose=0, **kwargs)

    run("xy", _build(), "fit", x, y)
    run("xyw", _build(), "fit", x, y, sample_weight=w)
    run("x_only", _build(), "fit", x)
    run("list_xy", _build(True), "fit", [x, x2], y)
    run("dict_xy", _build(dict_inputs=True), "fit", {"a": x, "b": x2}, y)
    run("list_x_only", _build(True), "fit", [x, x2])
    run("class_weight", _build(), "fit", x, (y > 0).astype("int32"), class_weight={0: 1.0, 1: 2.0})
    run("evaluate", _build(), "evaluate", x, y)
    seen["evaluate"] = seen.pop("evaluate:test")
    run("predict", _build(), "predict", x)
    run("predict_list", _build(True), "predict", [x, x2])
    run("validation", _build(), "fit", x, y, validation_data=(x, y))
    seen["validation"] = seen["validation"] + "|" + seen.pop("validation:test")
    return {k: v for k, v in seen.items() if not k.endswith(":test")}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return (rng.normal(size=(8, 3)).astype(np.float32), rng.normal(size=(8, 2)).astype(np.float32),
            rng.normal(size=(8, 1)).astype(np.float32), rng.uniform(size=8).astype(np.float32))


@pytest.fixture(scope="module")
def ours(data):
    return _axon_structures(*data)


@pytest.fixture(scope="module")
def keras_structures(data):
    x, x2, y, w = data
    out = run_reference("keras", KERAS_SCRIPT, x=x, x2=x2, y=y, w=w)
    return {k: str(v) for k, v in out.items()}


@pytest.mark.parametrize("case", CASES)
def test_steps_receive_data_structured_as_keras_passes_it(case, ours, keras_structures):
    assert ours[case] == keras_structures[case]


def test_structures_without_the_reference(ours):
    """The same facts, pinned here so they hold where the Keras venv is absent."""
    assert ours["xy"] == "tuple(T(4, 3),T(4, 1))"
    assert ours["xyw"] == "tuple(T(4, 3),T(4, 1),T(4,))"
    assert ours["x_only"] == "T(4, 3)"
    assert ours["dict_xy"] == "tuple({a:T(4, 3),b:T(4, 2)},T(4, 1))"
    assert ours["predict"] == "T(4, 3)"
    assert ours["list_x_only"] == "tuple(tuple(T(4, 3),T(4, 2)))"
