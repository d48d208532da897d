"""ONNX export: an axon model (Sequential or functional) as an ONNX graph for
inference, built with the ``onnx`` package.

Values keep Keras's layout between layers (channels last); the operators that
need channels first (Conv, pooling) are wrapped in Transposes, which runtimes
fuse away. The batch axis is symbolic (``batch``) unless a fixed size is asked
for. Dropout and other training-only noise vanish. A layer ONNX has no
operator for raises an error naming it.
"""

from __future__ import annotations

import os

import numpy as np

from axon import activations
from axon import backend as B

DEFAULT_OPSET = 17
MIN_OPSET = 13


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ImportError("ONNX export needs the onnx package: pip install 'axon[onnx]' (or pip install onnx).") \
            from None
    return onnx


class Graph:
    """The nodes and constants of the graph being built, with unique names."""

    def __init__(self, opset: int):
        self.onnx = _onnx()
        self.opset = opset
        self.nodes, self.initializers, self._names = [], [], set()

    def fresh(self, base: str) -> str:
        name, i = base, 0
        while name in self._names:
            i += 1
            name = f"{base}_{i}"
        self._names.add(name)
        return name

    def const(self, array, base: str) -> str:
        name = self.fresh(base)
        self.initializers.append(self.onnx.numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type: str, inputs: list, base: str, outputs: int = 1, **attrs):
        names = [self.fresh(f"{base}/{op_type}" if i == 0 else f"{base}/{op_type}_out{i}") for i in range(outputs)]
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), names, name=names[0], **attrs))
        return names[0] if outputs == 1 else names

    def reduce(self, op_type: str, x: str, axes, base: str, keepdims: bool = True) -> str:
        """ReduceMean / ReduceMax / ReduceSum over ``axes`` (an input from opset 18, or
        13 for ReduceSum; an attribute before)."""
        if self.opset >= 18 or op_type == "ReduceSum":
            return self.op(op_type, [x, self.const(np.array(axes, np.int64), f"{base}/axes")], base,
                           keepdims=int(keepdims))
        return self.op(op_type, [x], base, axes=list(axes), keepdims=int(keepdims))

    def weight(self, var, base: str, transpose=None) -> str:
        array = B.to_numpy(var.data).astype(np.float32)
        return self.const(array if transpose is None else np.ascontiguousarray(array.transpose(transpose)), base)


class NotExportable(ValueError):
    """A layer (or an option of it) that has no ONNX form."""


# ------------------------------------------------------------ activations
_SIMPLE = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "elu": "Elu", "selu": "Selu",
           "softplus": "Softplus", "softsign": "Softsign", "exponential": "Exp", "sign": "Sign", "celu": "Celu"}


def activation(g: Graph, fn, x: str, base: str, where: str) -> str:
    """``fn`` (an axon activation) applied to ``x``."""
    name = activations.serialize(fn) if callable(fn) else str(fn)
    if name in ("linear", "None"):
        return x
    if name in _SIMPLE:
        return g.op(_SIMPLE[name], [x], base)
    if name == "softmax":
        return g.op("Softmax", [x], base, axis=-1)
    if name == "log_softmax":
        return g.op("LogSoftmax", [x], base, axis=-1)
    if name == "leaky_relu":
        return g.op("LeakyRelu", [x], base, alpha=0.2)
    if name in ("relu6", "hard_tanh"):
        low, high = (0, 6) if name == "relu6" else (-1, 1)
        return g.op("Clip", [x, g.const(np.float32(low), f"{base}/lo"), g.const(np.float32(high), f"{base}/hi")],
                    base)
    if name == "hard_sigmoid":
        return g.op("HardSigmoid", [x], base, alpha=1.0 / 6.0, beta=0.5)
    if name == "hard_silu":
        return g.op("Mul", [x, g.op("HardSigmoid", [x], base, alpha=1.0 / 6.0, beta=0.5)], base)
    if name == "log_sigmoid":
        return g.op("Neg", [g.op("Softplus", [g.op("Neg", [x], base)], base)], base)
    if name in ("silu", "swish"):
        return g.op("Mul", [x, g.op("Sigmoid", [x], base)], base)
    if name == "gelu":
        half = g.op("Mul", [x, g.const(np.float32(0.5), f"{base}/half")], base)
        erf = g.op("Erf", [g.op("Mul", [x, g.const(np.float32(1 / np.sqrt(2)), f"{base}/k")], base)], base)
        return g.op("Mul", [half, g.op("Add", [erf, g.const(np.float32(1), f"{base}/one")], base)], base)
    if name == "mish":
        return g.op("Mul", [x, g.op("Tanh", [g.op("Softplus", [x], base)], base)], base)
    raise NotExportable(f"{where} uses the activation {name!r}, which the ONNX export does not cover.")


# ---------------------------------------------------------------- helpers
def _to_channels_first(g, x, rank, base):
    return g.op("Transpose", [x], base, perm=[0, rank + 1, *range(1, rank + 1)])


def _to_channels_last(g, x, rank, base):
    return g.op("Transpose", [x], base, perm=[0, *range(2, rank + 2), 1])


def _pads(padding: str, spatial, kernel, strides, dilation, where: str):
    """Explicit begin/end pads for Keras's ``padding`` (TensorFlow puts the odd
    pixel at the end), or None when a spatial size is unknown."""
    if padding == "valid":
        return [0] * (2 * len(kernel))
    if padding == "causal":
        return [(kernel[0] - 1) * dilation[0], 0]
    if any(n is None for n in spatial):
        return None
    begin, end = [], []
    for n, k, s, d in zip(spatial, kernel, strides, dilation):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        begin.append(total // 2)
        end.append(total - total // 2)
    return begin + end


def _pad_attrs(pads):
    return {"auto_pad": "SAME_UPPER"} if pads is None else {"pads": pads}


def _channels_last(layer, where):
    if getattr(layer, "data_format", "channels_last") not in (None, "channels_last"):
        raise NotExportable(f"{where}: data_format={layer.data_format!r} is not exported; use channels_last.")


# ------------------------------------------------------------- the model
def _emit_layer(g: Graph, layer, xs: list, shapes: list):
    from axon.io import onnx_recurrent, onnx_spatial  # noqa: F401  (they register their layers)
    from axon.io.onnx_layers import HANDLERS

    if hasattr(layer, "_init_training_state"):
        return _emit_model(g, layer, xs, shapes)
    handler = HANDLERS.get(type(layer).__name__)
    if handler is None:
        raise NotExportable(f"Layer '{layer.name}' ({type(layer).__name__}) has no ONNX export; the exportable "
                            f"layers are {', '.join(sorted(HANDLERS))}.")
    out = handler(g, layer, xs, shapes)
    shape = layer.compute_output_shape(shapes if len(shapes) > 1 else shapes[0])
    return [out], [tuple(shape)]


def _emit_model(g: Graph, model, xs: list, shapes: list):
    """The nodes of ``model`` applied to the values ``xs``; its output values and shapes."""
    if getattr(model, "_graph", None) is None:
        if not hasattr(model, "_stack"):
            raise NotExportable(f"Model '{model.name}' is a subclassed model, whose call() is Python code the ONNX "
                                "export cannot trace; build it as a Sequential or functional model.")
        for layer in model.layers:
            outs, out_shapes = _emit_layer(g, layer, xs, shapes)
            xs, shapes = outs, out_shapes
        return xs, shapes
    graph = model._graph
    values = {id(t): (x, tuple(s)) for t, x, s in zip(graph["flat_inputs"], xs, shapes)}
    for node in graph["nodes"]:
        if node.kwargs:
            raise NotExportable(f"Layer '{node.layer.name}' is called with arguments {sorted(node.kwargs)}, which "
                                "the ONNX export does not carry.")
        ins = [values[id(t)] for t in node.input_tensors]
        outs, out_shapes = _emit_layer(g, node.layer, [v for v, _ in ins], [s for _, s in ins])
        for t, x, s in zip(node.output_tensors, outs, out_shapes):
            values[id(t)] = (x, s)
    results = [values[id(t)] for t in graph["flat_outputs"]]
    return [x for x, _ in results], [s for _, s in results]


def _model_inputs(model) -> list[tuple[str, tuple, str]]:
    if getattr(model, "_graph", None) is not None:
        return [(t.node.layer.name, tuple(t.shape), t.dtype) for t in model._graph["flat_inputs"]]
    tensor = getattr(model, "_input_tensor", None)
    if tensor is not None:
        return [(tensor.node.layer.name, tuple(tensor.shape), tensor.dtype)]
    shapes = model._expected_input_shapes() if model.built else None
    if not shapes:
        raise ValueError(f"Model '{model.name}' has no known input shape: build it (give it an Input) before "
                         "exporting.")
    return [(f"input_{i}", tuple(s), model.dtype) for i, s in enumerate(shapes)]


def to_onnx(model, opset: int = DEFAULT_OPSET, batch_size: int | None = None):
    """The ``onnx.ModelProto`` of ``model`` (checked with ``onnx.checker``)."""
    onnx = _onnx()
    latest = onnx.defs.onnx_opset_version()
    if not (isinstance(opset, int) and MIN_OPSET <= opset <= latest):
        raise ValueError(f"`opset` must be an int from {MIN_OPSET} to {latest} (the installed onnx's newest). "
                         f"Received: opset={opset!r}")
    if batch_size is not None and not (isinstance(batch_size, int) and batch_size > 0):
        raise ValueError(f"`batch_size` must be a positive int or None (a dynamic batch). Received: {batch_size!r}")
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet: build it before exporting.")
    g = Graph(opset)
    specs = _model_inputs(model)
    batch = batch_size if batch_size is not None else "batch"
    inputs = []
    for name, shape, dtype in specs:
        g._names.add(name)
        elem = onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype))
        inputs.append(onnx.helper.make_tensor_value_info(name, elem, [batch, *shape[1:]]))
    outs, shapes = _emit_model(g, model, [n for n, _, _ in specs], [s for _, s, _ in specs])
    names = model.output_names if len(outs) > 1 else [model.output_names[0] if model.output_names else "output"]
    outputs = []
    for out, shape, name in zip(outs, shapes, names):
        final = g.fresh(name)
        g.nodes.append(onnx.helper.make_node("Identity", [out], [final], name=f"{final}/output"))
        dims = [batch, *[d if d is not None else f"{final}_dim{i}" for i, d in enumerate(shape[1:], 1)]]
        outputs.append(onnx.helper.make_tensor_value_info(final, onnx.TensorProto.FLOAT, dims))
    graph = onnx.helper.make_graph(g.nodes, model.name, inputs, outputs, initializer=g.initializers)
    opsets = [onnx.helper.make_opsetid("", opset)]
    proto = onnx.helper.make_model(graph, opset_imports=opsets, producer_name="axon",
                                   ir_version=onnx.helper.find_min_ir_version_for(opsets))
    onnx.checker.check_model(proto, full_check=True)
    return proto


def export(model, filepath, opset: int = DEFAULT_OPSET, batch_size: int | None = None) -> None:
    """Write ``model`` as an ONNX file for inference (ONNX Runtime, browsers, phones).

    Args:
        model: a built Sequential or functional model.
        filepath: where to write (``.onnx``).
        opset: the ONNX operator set, from 13 to the installed onnx's newest (default 17).
        batch_size: a fixed batch size, or None (default) for a dynamic batch axis.

    Raises:
        ValueError: naming the layer, for a layer (or option) ONNX cannot express.

    Example:
        >>> axon.onnx.export(model, "model.onnx")
        >>> # onnxruntime.InferenceSession("model.onnx").run(None, {"input_layer": x})
    """
    from axon.models.saving import _atomic_write

    proto = to_onnx(model, opset, batch_size)
    data = proto.SerializeToString()
    _atomic_write(os.fspath(filepath), lambda f: f.write(data))
