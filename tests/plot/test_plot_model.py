"""axon.utils.plot_model: the layer graph to PNG and SVG, with shapes, laid out by depth."""

import numpy as np
import pytest

from axon.keras import layers, models
from axon.layers.conv import Conv2D
from axon.utils.plot_model import layout, model_graph, plot_model
from tests.plot.conftest import assert_png


def sequential():
    return models.Sequential([layers.Input(shape=(8, 8, 1)), Conv2D(4, 3, activation="relu"), layers.Flatten(),
                              layers.Dense(10, activation="softmax")])


def branching():
    a = layers.Input(shape=(16,), name="features")
    b = layers.Input(shape=(4,), name="meta")
    h1 = layers.Dense(8, activation="relu", name="h1")(a)
    h2 = layers.Dense(8, activation="relu", name="h2")(h1)
    joined = layers.Concatenate(name="join")([layers.Add(name="skip")([h1, h2]), b])
    return models.Model([a, b], [layers.Dense(3, name="cls")(joined), layers.Dense(1, name="reg")(joined)])


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_sequential_to_png_with_shapes_on_edges(tmp_path):
    model = sequential()
    fig = plot_model(model, to_file=str(tmp_path / "seq.png"), show_layer_activations=True)
    assert_png(tmp_path / "seq.png")
    labels = texts(fig)
    assert "(None, 8, 8, 1)" in labels and "(None, 6, 6, 4)" in labels and "(None, 144)" in labels
    assert "(None, 10)" in labels  # the output shape under the last box
    assert any(t.startswith(model.layers[0].name) and "activation: relu" in t for t in labels)


def test_branching_functional_to_svg(tmp_path):
    fig = plot_model(branching(), to_file=str(tmp_path / "graph.svg"), show_shapes=True)
    svg = (tmp_path / "graph.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    labels = texts(fig)
    for name in ("features", "meta", "h1", "h2", "skip", "join", "cls", "reg"):
        assert any(t.startswith(name + "\n") for t in labels), name
    assert "(None, 36)" not in labels and "(None, 12)" in labels


def test_layout_puts_layers_below_their_inputs_and_routes_long_edges():
    nodes, edges, outputs = model_graph(branching())
    names = {key: layer.name for key, layer in nodes.items()}
    positions, routes = layout(list(nodes), [(a, b) for a, b, _ in edges])
    row = {names[k]: positions[k][0] for k in nodes}
    assert row["features"] == 0 and row["h1"] == 1 and row["h2"] == 2 and row["skip"] == 3
    assert row["meta"] == row["join"] - 1  # an input sits just above its consumer
    assert row["cls"] == row["reg"] == row["join"] + 1
    skip = next(route for (a, b), route in routes.items() if names[a] == "h1" and names[b] == "skip")
    assert len(skip) == 3  # h1 -> waypoint beside h2 -> skip
    assert sorted(np.round([positions[k][1] for k in nodes if row[names[k]] == row["cls"]], 1)) == [-0.5, 0.5]
    assert {names[k] for k in outputs} == {"cls", "reg"}


def test_plot_model_without_shapes_and_left_to_right(tmp_path):
    fig = plot_model(sequential(), to_file=str(tmp_path / "lr.png"), show_shapes=False, rankdir="LR")
    assert_png(tmp_path / "lr.png")
    assert not any(t.startswith("(None") for t in texts(fig))
    with pytest.raises(ValueError, match="rankdir"):
        plot_model(sequential(), to_file=None, rankdir="BT")


def test_plot_model_refuses_models_without_a_graph():
    class Net(models.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="subclassed"):
        plot_model(Net(), to_file=None)
    with pytest.raises(ValueError, match="not built"):
        plot_model(models.Sequential([layers.Dense(2)]), to_file=None)
