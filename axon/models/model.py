"""``Model``: a layer with a training API, built three ways.

- functional: ``Model(inputs, outputs)`` over symbolic ``Input``s;
- subclassed: ``class Net(Model)`` with layers assigned in ``__init__`` and a ``call``;
- ``Sequential`` (in ``sequential.py``), a stack of layers.

Training (compile/fit/evaluate/predict) lives in ``training.py``, the summary
table in ``summary.py`` and saving in ``saving.py``.
"""

from __future__ import annotations

from axon import backend as B
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer
from axon.layers.input_layer import KerasTensor
from axon.models import data_adapter as da
from axon.models import functional
from axon.models.training import TrainingMixin


class Model(TrainingMixin, Layer):
    """A trainable model: ``compile``, ``fit``, ``evaluate``, ``predict``, ``summary``, ``save``.

    Example (functional):
        >>> inputs = axon.keras.Input(shape=(784,))
        >>> hidden = layers.Dense(64, activation="relu")(inputs)
        >>> outputs = layers.Dense(10, activation="softmax")(hidden)
        >>> model = axon.keras.Model(inputs, outputs)

    Example (subclassed):
        >>> class Net(axon.keras.Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = layers.Dense(64, activation="relu")
        ...         self.out = layers.Dense(10)
        ...     def call(self, x, training=False):
        ...         return self.out(self.hidden(x))
    """

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        super().__init__(**kwargs)
        self._init_training_state()
        self._graph = None
        if inputs is not None or outputs is not None:
            if inputs is None or outputs is None:
                raise ValueError("A functional Model needs both `inputs` and `outputs`.")
            self._init_graph(inputs, outputs)

    # ------------------------------------------------------------ functional
    def _init_graph(self, inputs, outputs) -> None:
        flat_in = functional.flatten_structure(inputs)
        flat_out = functional.flatten_structure(outputs)
        nodes = functional.ordered_nodes(flat_in, flat_out)
        self._graph = {"inputs": inputs, "outputs": outputs, "flat_inputs": flat_in, "flat_outputs": flat_out,
                       "nodes": nodes}
        graph_layers = [t.node.layer for t in flat_in]
        for node in nodes:
            if all(node.layer is not lay for lay in graph_layers):
                graph_layers.append(node.layer)
        object.__setattr__(self, "_graph_layers", graph_layers)
        for layer in graph_layers:
            if all(layer is not t for t in self._tracked_layers):
                self._tracked_layers.append(layer)
        names = [lay.name for lay in graph_layers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"The layer names {duplicates} are used more than once in model '{self.name}'; "
                             "every layer of a model needs a unique name.")
        self._build_shape = [t.shape for t in flat_in] if len(flat_in) > 1 else flat_in[0].shape
        self.built = True

    @property
    def inputs(self) -> list[KerasTensor] | None:
        """The symbolic inputs of a functional model, as a list."""
        return None if self._graph is None else list(self._graph["flat_inputs"])

    @property
    def outputs(self) -> list[KerasTensor] | None:
        """The symbolic outputs of a functional model, as a list."""
        return None if self._graph is None else list(self._graph["flat_outputs"])

    @property
    def input(self):
        """The symbolic input(s) as given to ``Model(inputs, outputs)`` (a tensor, list or dict)."""
        if self._graph is None:
            return super().input
        return self._graph["inputs"]

    @property
    def output(self):
        """The symbolic output(s) as given to ``Model(inputs, outputs)``: with ``input``,
        what ``Model(inputs=m.input, outputs=m.get_layer(name).output)`` builds from."""
        if self._graph is None:
            return super().output
        return self._graph["outputs"]

    @property
    def input_names(self) -> list[str]:
        """Names of the inputs (the dict keys of dict inputs, else the Input layers' names)."""
        if self._graph is None:
            return ["input_1"]
        if isinstance(self._graph["inputs"], dict):
            return list(self._graph["inputs"])
        return [t.node.layer.name for t in self._graph["flat_inputs"]]

    @property
    def output_names(self) -> list[str]:
        """Names of the outputs (the layers producing them), used to key losses and logs."""
        if self._graph is None:
            compiled = getattr(self, "compiled_loss", None)
            if compiled is not None and len(compiled.output_names) > 1:
                return list(compiled.output_names)
            return ["output_1"] if self._num_outputs() == 1 else [f"output_{i + 1}" for i in
                                                                  range(self._num_outputs())]
        names = [t.node.layer.name for t in self._graph["flat_outputs"]]
        if isinstance(self._graph["outputs"], dict):
            names = list(self._graph["outputs"])
        return names

    def _num_outputs(self) -> int:
        return getattr(self, "_seen_outputs", 1)

    @property
    def layers(self) -> list[Layer]:
        """The model's layers, in order (for a functional model, the Input layers first)."""
        if self._graph is not None:
            return list(self._graph_layers)
        return list(self._tracked_layers)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by ``name`` or by ``index`` in ``layers``."""
        if index is not None or isinstance(name, int):
            index = name if isinstance(name, int) else index
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(f"Layer index {index} is out of range: model '{self.name}' has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name!r}. Existing layers are: {[lay.name for lay in self.layers]}.")

    # ------------------------------------------------------------------ calls
    def build(self, input_shape=None) -> None:
        """Create the weights for inputs of ``input_shape`` (batch axis first),
        by running ``call`` once on zeros (subclassed models)."""
        if self._graph is not None or self.built:
            self.built = True
            return
        if input_shape is None:
            raise ValueError(f"Model '{self.name}'.build() needs an input_shape, e.g. (None, 784).")
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        dummies = [Tensor._wrap(B.xp.zeros(tuple(1 if n is None else int(n) for n in s), dtype=self.dtype))
                   for s in shapes]
        self._build_shape = input_shape if isinstance(input_shape, list) else tuple(input_shape)
        with no_grad():
            self._call_with_training(dummies if isinstance(input_shape, list) else dummies[0], False)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        """Run the model. A functional model runs its graph; a subclass overrides this."""
        if self._graph is None:
            raise NotImplementedError(
                f"Model '{self.name}' has no call(): subclass Model and define call(self, inputs, training=None), "
                "or build it as Model(inputs, outputs)."
            )
        graph = self._graph
        if isinstance(inputs, dict):
            names = self.input_names
            missing = [name for name in names if name not in inputs]
            if missing:
                raise ValueError(f"Model '{self.name}' was called with a dict lacking the input(s) {missing}. "
                                 f"Its inputs are {names}; received keys {list(inputs)}.")
            values = [inputs[name] for name in names]
        else:
            values = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        if len(values) != len(graph["flat_inputs"]):
            raise ValueError(f"Model '{self.name}' expects {len(graph['flat_inputs'])} input(s), "
                             f"received {len(values)}.")
        values = [self._convert_one(v) for v in values]
        for i, (v, t) in enumerate(zip(values, graph["flat_inputs"])):
            if v.ndim != len(t.shape) or any(e is not None and e != a for e, a in zip(t.shape[1:], v.shape[1:])):
                raise ValueError(
                    f"Input {i} of model '{self.name}' (layer '{t.node.layer.name}') is incompatible: expected "
                    f"shape {_fmt(t.shape)}, received shape {_fmt(v.shape)}."
                )
        computed = functional.run_graph(graph["nodes"], graph["flat_inputs"], values, training)
        outs = [computed[id(t)] for t in graph["flat_outputs"]]
        if isinstance(graph["outputs"], dict):
            return dict(zip(graph["outputs"], outs))
        if isinstance(graph["outputs"], (list, tuple)):
            return outs
        return outs[0]

    def __call__(self, inputs, *args, training=None, **kwargs):
        flat = list(inputs.values()) if isinstance(inputs, dict) else \
            inputs if isinstance(inputs, (list, tuple)) else [inputs]
        if self.built and not any(isinstance(x, KerasTensor) for x in flat):
            # Images (N, 28, 28) for an input of (28, 28, 1) get their channel axis, as in Keras.
            inputs = da.expand_missing_channel(self, inputs)
        if isinstance(inputs, dict) and self._graph is not None:
            return self.call(inputs, training=training)
        return super().__call__(inputs, *args, training=training, **kwargs)

    def _expected_input_shapes(self) -> list | None:
        """The input shapes (batch axis None) when known, one per input."""
        if self._graph is not None:
            return [t.shape for t in self._graph["flat_inputs"]]
        shape = self._build_shape
        if shape is None:
            return None
        return list(shape) if isinstance(shape, list) else [shape]

    def _input_layer_name(self, index: int) -> str:
        layers = self.layers
        if self._graph is not None:
            return self._graph["flat_inputs"][index].node.layer.name
        return layers[0].name if layers else self.name

    def compute_output_shape(self, input_shape):
        if self._graph is not None:
            shapes = [t.shape for t in self._graph["flat_outputs"]]
            return shapes if len(shapes) > 1 else shapes[0]
        return super().compute_output_shape(input_shape)

    # ----------------------------------------------------------------- extras
    def summary(self, line_length: int | None = None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False) -> None:
        """Print the Keras table: each layer's name and type, output shape and
        parameter count, then the total / trainable / non-trainable counts."""
        from axon.models.summary import print_summary

        print_summary(self, line_length=line_length, print_fn=print_fn, show_trainable=show_trainable)

    def save(self, filepath, overwrite: bool = True, **kwargs) -> None:
        """Save architecture, weights and compile settings to one file, in the
        format its extension names: ``.keras`` (Keras 3), ``.h5`` (legacy Keras),
        ``.axon`` (axon's own, also keeps the optimizer state). Never pickled code."""
        if kwargs:
            raise TypeError(f"save() got unexpected keyword argument(s): {', '.join(sorted(kwargs))}.")
        from axon.io import save_model

        save_model(self, filepath, overwrite=overwrite)

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Save the weights only, in the format the extension names: ``.weights.h5``
        (Keras 3), ``.h5`` (legacy Keras), ``.safetensors``, ``.axon`` / ``.npz`` (axon)."""
        from axon.io import save_weights

        save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch: bool = False, by_name: bool = False) -> None:
        """Load weights written by ``save_weights`` (or ``save``, or Keras), checking
        names and shapes; ``by_name`` matches layers by name (legacy ``.h5``)."""
        from axon.io import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, by_name=by_name)

    def to_json(self, **kwargs) -> str:
        """The architecture as JSON text (no weights); ``keras.models.model_from_json``
        rebuilds it. ``kwargs`` go to ``json.dumps`` (e.g. ``indent=2``)."""
        from axon.models.serialization import model_to_json

        return model_to_json(self, **kwargs)

    def export(self, filepath, format: str = "onnx", **kwargs) -> None:
        """Export the model for inference elsewhere: ``format="onnx"`` writes an
        ONNX graph (``opset=``, ``batch_size=``: see ``axon.onnx.export``)."""
        if format != "onnx":
            raise ValueError(f"export() writes format='onnx' only. Received: format={format!r}.")
        from axon import onnx

        onnx.export(self, filepath, **kwargs)

    def get_config(self) -> dict:
        if self._graph is not None:
            from axon.models.serialization import functional_config

            return functional_config(self)
        return {"name": self.name, "trainable": self.trainable}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        if "layers" in config and "input_layers" in config:
            from axon.models.serialization import functional_from_config

            return functional_from_config(config, custom_objects)
        return cls(**config)


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
