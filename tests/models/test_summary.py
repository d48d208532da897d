"""summary(): Keras's table for the three kinds of model, LeNet-5's counts, the ASCII fallback."""

import io
import re
from contextlib import redirect_stdout

import pytest

from axon.layers.conv import Conv2D
from axon.layers.core import Flatten
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.layers.merge import Concatenate
from axon.layers.pooling import MaxPooling2D
from axon.models import Model, Sequential
from tests.models.test_subclassed import Net


def lenet():
    return Sequential([
        Input(shape=(28, 28, 1)),
        Conv2D(6, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(16, 5, activation="relu"),
        MaxPooling2D(2),
        Flatten(),
        Dense(120),
        Dense(84),
        Dense(10),
    ], name="lenet")


def summary_text(model, encoding=None) -> str:
    if encoding is None:
        out = io.StringIO()
        with redirect_stdout(out):
            model.summary()
        return out.getvalue()
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding)
    with redirect_stdout(stream):
        model.summary()
    stream.flush()
    return raw.getvalue().decode(encoding)


def rows(text):
    """(name, type, shape, params) of each layer row, whatever the table characters."""
    found = re.findall(r"(\w+) \((\w+)\)\s*[│ ]\s*(\([^)]*\)|\?)\s*[│ ]\s*([\d,]+|0 \(unbuilt\))", text)
    return [(name, kind, shape, params) for name, kind, shape, params in found]


def test_lenet5_shows_the_textbook_counts():
    model = lenet()
    text = summary_text(model)
    assert 'Model: "lenet"' in text
    table = rows(text)
    assert [r[3] for r in table] == ["60", "0", "2,416", "0", "0", "48,120", "10,164", "850"]
    assert [r[2] for r in table] == ["(None, 28, 28, 6)", "(None, 14, 14, 6)", "(None, 10, 10, 16)",
                                     "(None, 5, 5, 16)", "(None, 400)", "(None, 120)", "(None, 84)", "(None, 10)"]
    assert table[0][:2] == ("conv2d", "Conv2D") or table[0][1] == "Conv2D"
    assert re.search(r"Total params: 61,610 \(240\.66 KB\)", text)
    assert re.search(r"Trainable params: 61,610 ", text) and re.search(r"Non-trainable params: 0 ", text)
    assert "┏" in text and "┃" in text


def test_the_ascii_fallback_keeps_every_number():
    model = lenet()
    text = summary_text(model, encoding="ascii")
    assert text.isascii()
    assert [r[3] for r in rows(text)] == ["60", "0", "2,416", "0", "0", "48,120", "10,164", "850"]
    assert "Total params: 61,610" in text and "(None, 5, 5, 16)" in text


def test_frozen_layers_are_counted_as_non_trainable():
    model = lenet()
    model.layers[0].trainable = False
    text = summary_text(model)
    assert "Trainable params: 61,550" in text and "Non-trainable params: 60 " in text


def test_functional_summary_lists_the_inputs_and_every_layer():
    left, right = Input(shape=(3,), name="left"), Input(shape=(5,), name="right")
    merged = Concatenate(name="merged")([left, right])
    model = Model([left, right], Dense(2, name="out")(merged), name="two_inputs")
    text = summary_text(model)
    assert [(r[0], r[1], r[2], r[3]) for r in rows(text)] == [
        ("left", "InputLayer", "(None, 3)", "0"), ("right", "InputLayer", "(None, 5)", "0"),
        ("merged", "Concatenate", "(None, 8)", "0"), ("out", "Dense", "(None, 2)", "18")]
    assert "Total params: 18 " in text


def test_subclassed_summary_after_build():
    net = Net()
    net.build((None, 3))
    text = summary_text(net)
    table = rows(text)
    assert [r[1] for r in table] == ["Sequential", "Dropout", "Dense"]
    assert [r[3] for r in table] == ["68", "0", "5"]
    assert "Total params: 73 " in text


def test_an_unbuilt_model_summary_says_so():
    model = Sequential([Dense(4), Dense(1)])
    text = summary_text(model)
    assert "0 (unbuilt)" in text and "Total params: 0 " in text


@pytest.mark.parametrize("kind", ["print_fn"])
def test_print_fn_receives_the_lines(kind):
    lines = []
    lenet().summary(print_fn=lines.append)
    assert lines[0] == 'Model: "lenet"' and any("61,610" in line for line in lines)
