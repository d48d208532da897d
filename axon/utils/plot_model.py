"""``plot_model`` (axon): a model's layer graph drawn with matplotlib, no graphviz needed.

The graph is laid out by depth: an input has depth 0 and every layer sits one
row below the deepest layer feeding it. Within a row, layers are ordered by
the mean position of their parents, which keeps branches apart. Shapes are
written on the edges (the tensor flowing along each one).
"""

from __future__ import annotations

import os
import warnings

_COLORS = {"Input": "#e0e0e0", "Conv": "#9ecae1", "Pool": "#a1d99b", "Dense": "#fdd0a2", "Dropout": "#dadaeb",
           "Normalization": "#fcbba1"}


def plot_model(model, to_file: str = "model.png", show_shapes: bool = True, show_dtype: bool = False,
               show_layer_names: bool = True, rankdir: str = "TB", expand_nested: bool = False, dpi: int = 96,
               show_layer_activations: bool = False, show_trainable: bool = False):
    """Draw the layer graph of a Sequential or functional model to an image file.

    Each layer is a box (name and type); an arrow joins each layer to the
    layers it feeds, labelled with the shape of the tensor it carries.
    Branching graphs (several inputs, outputs, skip connections) are laid out
    row by row by depth.

    Args:
        model: a built Sequential or functional model.
        to_file: the file to write; its extension picks the format (``.png``, ``.svg``, ``.pdf``).
        show_shapes: write the tensor shapes on the edges (and under the outputs).
        show_dtype: add each layer's dtype to its box.
        show_layer_names: put the layer names in the boxes (else the types only).
        rankdir: ``'TB'`` (top to bottom) or ``'LR'`` (left to right).
        expand_nested: not supported: a nested model is drawn as one box.
        dpi: the resolution of a PNG.
        show_layer_activations: add the activation of layers that have one.
        show_trainable: mark frozen layers (``trainable=False``).

    Returns:
        The matplotlib Figure (shown inline in a notebook).

    Example:
        >>> axon.utils.plot_model(model, to_file="model.png", show_shapes=True)
    """
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"`rankdir` must be 'TB' or 'LR'. Received: rankdir={rankdir!r}")
    if expand_nested:
        warnings.warn("plot_model: expand_nested is not supported; nested models are drawn as one box.",
                      stacklevel=2)
    nodes, edges, outputs = model_graph(model)
    labels = {key: _label(layer, show_layer_names, show_dtype, show_layer_activations, show_trainable)
              for key, layer in nodes.items()}
    positions, routes = layout(list(nodes), [(a, b) for a, b, _ in edges])
    fig = _draw(nodes, labels, positions, routes, edges if show_shapes else [(a, b, None) for a, b, _ in edges],
                outputs if show_shapes else {}, rankdir)
    if to_file:
        folder = os.path.dirname(os.fspath(to_file))
        if folder:
            os.makedirs(folder, exist_ok=True)
        fig.savefig(to_file, dpi=dpi)
    return fig


def model_graph(model):
    """``(nodes, edges, outputs)`` of a model's layer graph.

    ``nodes`` maps a key to a layer (inputs first), ``edges`` lists
    ``(from key, to key, shape)`` and ``outputs`` maps the keys of the output
    layers to their output shapes.

    Raises:
        ValueError: for a subclassed or unbuilt model, whose graph is unknown.
    """
    from axon.explain.walk import is_functional, is_sequential

    if is_sequential(model):
        return _sequential_graph(model)
    if not is_functional(model):
        raise ValueError(f"plot_model needs a Sequential or functional model; '{model.name}' is subclassed and its "
                         "call() has no graph to draw. Build it with Model(inputs, outputs) to plot it.")
    from axon.models.functional import ordered_nodes

    nodes = {id(t.node.layer): t.node.layer for t in model.inputs}
    edges = []
    for node in ordered_nodes(model.inputs, model.outputs):
        nodes.setdefault(id(node.layer), node.layer)
        for t in node.input_tensors:
            edges.append((id(t.node.layer), id(node.layer), t.shape))
    outputs = {id(t.node.layer): t.shape for t in model.outputs}
    return nodes, edges, outputs


def _sequential_graph(model):
    layers = model.layers
    if not layers or not layers[0].built:
        raise ValueError(f"Model '{model.name}' is not built, so its shapes are unknown. Give it an Input "
                         "(or input_shape=) or call it on data before plot_model.")
    from axon.layers.input_layer import InputLayer

    source = getattr(model, "_input_tensor", None)
    first = source.node.layer if source is not None else InputLayer(shape=tuple(layers[0].input_shape[1:]),
                                                                    name=f"{model.name}_input")
    nodes = {id(first): first}
    edges = []
    previous, shape = first, tuple(layers[0].input_shape)
    for layer in layers:
        nodes[id(layer)] = layer
        edges.append((id(previous), id(layer), shape))
        previous, shape = layer, layer.output_shape
    return nodes, edges, {id(previous): shape}


def layout(keys: list, edges: list[tuple]) -> tuple[dict, dict]:
    """Place a graph in rows by depth.

    A layer sits one row below the deepest layer feeding it; an input sits
    just above its first consumer. An edge spanning several rows is routed
    through one waypoint per row crossed, and the waypoints take a slot in
    their rows like layers do, so long edges (skip connections, late inputs)
    go around the boxes instead of through them. Each row is ordered by the
    mean position of what feeds it.

    Returns:
        ``positions`` (``{key: (row, slot)}``, waypoints included) and
        ``routes`` (``{(from, to): [key, waypoint..., key]}``).
    """
    parents: dict = {k: [] for k in keys}
    children: dict = {k: [] for k in keys}
    for a, b in edges:
        parents[b].append(a)
        children[a].append(b)
    depth: dict = {}
    for k in keys:  # keys come in graph order: parents before children
        depth[k] = 1 + max((depth[p] for p in parents[k]), default=-1)
    for k in keys:
        if not parents[k] and children[k]:
            depth[k] = min(depth[c] for c in children[k]) - 1
    rows: dict[int, list] = {}
    routes: dict = {}
    links: dict = {}
    for k in keys:
        rows.setdefault(depth[k], []).append(k)
        links[k] = []
    for a, b in edges:
        route = [a]
        for d in range(depth[a] + 1, depth[b]):
            waypoint = ("waypoint", a, b, d)
            rows.setdefault(d, []).append(waypoint)
            links[waypoint] = [route[-1]]
            route.append(waypoint)
        links[b].append(route[-1])
        routes[(a, b)] = route + [b]
    positions: dict = {}
    for d in sorted(rows):
        row = rows[d]
        row.sort(key=lambda k: sum(positions[p][1] for p in links[k]) / len(links[k]) if links[k] else 0.0)
        offset = (len(row) - 1) / 2
        for i, k in enumerate(row):
            positions[k] = (d, i - offset)
    return positions, routes


def _label(layer, names: bool, dtype: bool, activation: bool, trainable: bool) -> str:
    lines = [f"{layer.name}\n{type(layer).__name__}" if names else type(layer).__name__]
    fn = getattr(layer, "activation", None)
    if activation and fn is not None:
        from axon import activations

        lines.append(f"activation: {activations.serialize(fn)}")
    if dtype:
        lines.append(f"dtype: {layer.dtype}")
    if trainable and not layer.trainable:
        lines.append("(frozen)")
    return "\n".join(lines)


def _color(layer) -> str:
    kind = type(layer).__name__
    for key, color in _COLORS.items():
        if key in kind:
            return color
    return "#f7f7f7"


def _fmt_shape(shape) -> str:
    if isinstance(shape, list):
        return ", ".join(_fmt_shape(s) for s in shape)
    return "(" + ", ".join("None" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _draw(nodes: dict, labels: dict, positions: dict, routes: dict, edges: list, outputs: dict, rankdir: str):
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    box_w, step_x, step_y = 2.6, 3.2, 1.7
    lines = max(label.count("\n") + 1 for label in labels.values())
    box_h = 0.28 * lines + 0.3

    def place(key):
        row, col = positions[key]
        if rankdir == "TB":
            return col * step_x, -row * step_y
        return row * step_x * 1.35, -col * step_y

    centers = {k: place(k) for k in positions}
    xs = [c[0] for c in centers.values()]
    ys = [c[1] for c in centers.values()]
    extra = 0.9 if outputs else 0.0
    x0, x1 = min(xs) - box_w / 2 - 0.4, max(xs) + box_w / 2 + 0.4 + (extra * 1.6 if rankdir == "LR" else 0)
    y0, y1 = min(ys) - box_h / 2 - 0.3 - (extra if rankdir == "TB" else 0), max(ys) + box_h / 2 + 0.3
    scale = 0.75
    fig = Figure(figsize=(max((x1 - x0) * scale, 2.5), max((y1 - y0) * scale, 1.5)))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")

    def anchor(key, leaving: bool):
        x, y = centers[key]
        if key not in nodes:  # a waypoint
            return x, y
        if rankdir == "TB":
            return x, y - box_h / 2 if leaving else y + box_h / 2
        return (x + box_w / 2, y) if leaving else (x - box_w / 2, y)

    arrow = {"arrowstyle": "-|>", "color": "#555555", "lw": 1.0, "shrinkA": 0, "shrinkB": 0}
    for a, b, shape in edges:
        route = routes[(a, b)]
        points = [anchor(route[0], True)] + [centers[w] for w in route[1:-1]] + [anchor(route[-1], False)]
        xs_, ys_ = zip(*points[:-1])
        ax.plot(xs_, ys_, color="#555555", lw=1.0)
        ax.annotate("", xy=points[-1], xytext=points[-2], arrowprops=arrow)
        if shape is not None:
            mx, my = (points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2
            ax.text(mx, my, _fmt_shape(shape), ha="center", va="center", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    for key, shape in outputs.items():
        start = anchor(key, True)
        end = (start[0], start[1] - 0.6) if rankdir == "TB" else (start[0] + 0.6, start[1])
        ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 1.0})
        ax.text(end[0] + (0 if rankdir == "TB" else 0.1), end[1] - (0.2 if rankdir == "TB" else 0),
                _fmt_shape(shape), ha="center" if rankdir == "TB" else "left", va="top" if rankdir == "TB" else
                "center", fontsize=7)
    for key, layer in nodes.items():
        x, y = centers[key]
        ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h,
                                    boxstyle="round,pad=0.02,rounding_size=0.12", fc=_color(layer), ec="#333333",
                                    lw=0.8))
        ax.text(x, y, labels[key], ha="center", va="center", fontsize=8)
    return fig
