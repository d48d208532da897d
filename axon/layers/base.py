"""``Layer``: the base class of every layer and model, with Keras's lifecycle.

``__init__`` stores the configuration; ``build(input_shape)`` creates the
weights with ``add_weight`` the first time the layer sees an input;
``call(inputs, training)`` is the math. ``__call__`` ties them together: it
converts the input, checks it against ``input_spec`` (clear errors naming the
layer and both shapes), builds once, and runs ``call``. Called on a symbolic
``Input`` it records a node of a functional graph instead (see ``input_layer.py``).
"""

from __future__ import annotations

import contextlib
import inspect
import math
import re
import threading

import numpy as np

from axon import backend as B
from axon import constraints, initializers, regularizers
from axon.autograd.tensor import Tensor, Variable

_name_counts: dict[str, int] = {}
_name_lock = threading.Lock()  # layers built in several threads at once still get distinct names


def unique_name(base: str) -> str:
    """``dense``, then ``dense_1``, ``dense_2`` ... (Keras's naming), unique across threads."""
    with _name_lock:
        count = _name_counts.get(base, 0)
        _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def clear_session() -> None:
    """Restart layer naming from scratch (``dense`` again)."""
    with _name_lock:
        _name_counts.clear()


class _WeightBudget(threading.local):
    remaining = None  # weight values this thread may still create (None: no limit)
    reason = ""


_budget = _WeightBudget()


@contextlib.contextmanager
def weight_budget(values: int, reason: str):
    """Within it, layers built in this thread may create at most ``values`` weight
    values in all; one more is a ValueError saying ``reason``. ``load_model`` uses it
    so that a file's config cannot make it allocate more than the file's weights."""
    previous = _budget.remaining, _budget.reason
    _budget.remaining, _budget.reason = int(values), reason
    try:
        yield
    finally:
        _budget.remaining, _budget.reason = previous


def snake_case(name: str) -> str:
    """``BatchNormalization`` -> ``batch_normalization``, ``Conv2D`` -> ``conv2d``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


class InputSpec:
    """What a layer accepts: a rank (``ndim`` or ``min_ndim``) and fixed sizes
    of some axes (``axes={-1: 64}``)."""

    def __init__(self, ndim: int | None = None, min_ndim: int | None = None, axes: dict | None = None):
        self.ndim, self.min_ndim, self.axes = ndim, min_ndim, dict(axes or {})


def _shape_str(shape) -> str:
    return "(" + ", ".join("None" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


class Layer:
    """Base class of layers (and models).

    Subclass it with ``__init__`` (store the configuration), ``build(input_shape)``
    (create weights with ``add_weight``) and ``call(inputs, training=None)``.

    Example:
        >>> class Scale(axon.layers.Layer):
        ...     def build(self, input_shape):
        ...         self.s = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="s")
        ...     def call(self, inputs):
        ...         return inputs * self.s
    """

    _autocast = True
    supports_masking = False
    """Whether the layer passes on (or makes) a mask: then ``compute_mask`` gives its output's mask."""

    def __init__(self, trainable: bool = True, name: str | None = None, dtype=None, **kwargs):
        input_shape = kwargs.pop("input_shape", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        kwargs.pop("autocast", None)
        if kwargs:
            raise TypeError(f"{type(self).__name__} got unexpected keyword argument(s): "
                            f"{', '.join(sorted(kwargs))}.")
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            input_shape = tuple(batch_input_shape)[1:]
        object.__setattr__(self, "_tracked_layers", [])
        object.__setattr__(self, "_tracked_metrics", [])
        self.name = name or unique_name(snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.dtype = B.as_dtype(dtype).name if dtype is not None else B.floatx()
        self.built = False
        self._weights: list[Variable] = []
        self._regularized: list[tuple] = []
        self._activity_losses: list[Tensor] = []
        self.input_spec: InputSpec | None = None
        self._input_shape_arg = None if input_shape is None else tuple(
            input_shape if isinstance(input_shape, (tuple, list)) else (input_shape,))
        self._build_shape = None
        self._output_shape = None
        self._inbound_nodes: list = []

    # ------------------------------------------------------------ tracking
    def __setattr__(self, name: str, value) -> None:
        tracked = self.__dict__.get("_tracked_layers")
        if tracked is not None and not name.startswith("_tracked"):
            from axon.metrics.base import Metric

            metrics = self.__dict__["_tracked_metrics"]
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, Layer) and item is not self and all(item is not t for t in tracked):
                    tracked.append(item)
                elif isinstance(item, Metric) and all(item is not m for m in metrics):
                    metrics.append(item)  # a model lists it in `metrics`, as Keras tracks metric attributes
        object.__setattr__(self, name, value)

    @property
    def _sublayers(self) -> list[Layer]:
        return self._tracked_layers

    # ------------------------------------------------------------- weights
    def add_weight(self, name: str | None = None, shape=None, initializer="glorot_uniform", regularizer=None,
                   trainable: bool = True, dtype=None, constraint=None) -> Variable:
        """Create a weight of this layer (a ``Variable``) and track it.

        Args:
            shape: the weight's shape.
            initializer: a name (``'zeros'``, ``'he_normal'`` ...) or an initializer.
            regularizer: a penalty added to ``layer.losses`` (e.g. ``L2(1e-4)``).
            trainable: False for state such as BatchNormalization's moving mean.
            constraint: a projection the optimizer applies after each update
                (e.g. ``MaxNorm(3)``, ``'non_neg'``).
        """
        shape = tuple(int(n) for n in (shape or ()))
        if _budget.remaining is not None:
            size = math.prod(shape)
            if size > _budget.remaining:
                raise ValueError(f"Layer '{self.name}' would create weight '{name}' of shape {shape} "
                                 f"({size:,} values), more than the config's weights may hold: {_budget.reason}.")
            _budget.remaining -= size
        init = initializers.get(initializer if initializer is not None else "glorot_uniform")
        value = init(shape, dtype=dtype or self.dtype)
        variable = Variable(value, trainable=trainable, name=name or f"variable_{len(self._weights)}")
        variable.constraint = constraints.get(constraint)
        self._weights.append(variable)
        reg = regularizers.get(regularizer)
        if reg is not None:
            self._regularized.append((variable, reg))
        return variable

    @property
    def trainable(self) -> bool:
        """Whether the layer's weights are updated by training (False freezes it)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for layer in self._sublayers:
            layer.trainable = value

    def _all_layers_weights(self) -> list[Variable]:
        out, seen = [], set()
        for w in self._weights + [w for layer in self._sublayers for w in layer.weights]:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    @property
    def weights(self) -> list[Variable]:
        """Every weight of the layer and its sublayers, trainable ones first."""
        return self.trainable_weights + self.non_trainable_weights

    @property
    def trainable_weights(self) -> list[Variable]:
        """The weights training updates (none when the layer is frozen)."""
        if not self._trainable:
            return []
        out, seen = [], set()
        for w in [w for w in self._weights if w.trainable] + [w for lay in self._sublayers
                                                               for w in lay.trainable_weights]:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    @property
    def non_trainable_weights(self) -> list[Variable]:
        """State that training does not update by gradient (and frozen weights)."""
        trainable = {id(w) for w in self.trainable_weights}
        out, seen = [], set()
        for w in self._weights + [w for lay in self._sublayers for w in lay.weights]:
            if id(w) not in trainable and id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    trainable_variables = trainable_weights
    variables = weights
    non_trainable_variables = non_trainable_weights

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights as NumPy arrays, in ``weights`` order."""
        return [B.to_numpy(w.data).copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Set the weights from a list of arrays (same order and shapes as ``get_weights``)."""
        own = self.weights
        weights = list(weights)
        if len(weights) != len(own):
            raise ValueError(
                f"Layer '{self.name}' expects {len(own)} weight arrays "
                f"({', '.join(str(w.shape) for w in own) or 'none'}), but received {len(weights)}."
            )
        for w, value in zip(own, weights):
            value = np.asarray(value)
            if value.shape != w.shape:
                raise ValueError(
                    f"Layer '{self.name}' weight '{w.name}' has shape {w.shape}; received an array of "
                    f"shape {value.shape}."
                )
            w.assign(value)

    def count_params(self) -> int:
        """Number of scalars in the layer's weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer isn't built. "
                "Build it by calling it on data, or give the model an `input_shape`."
            )
        return int(sum(w.size for w in self.weights))

    @property
    def losses(self) -> list[Tensor]:
        """Regularization penalties of this layer and its sublayers (scalar Tensors)."""
        out = [reg(w) for w, reg in self._regularized] + list(self._activity_losses)
        for layer in self._sublayers:
            out.extend(layer.losses)
        return out

    def add_loss(self, loss) -> None:
        """Add a scalar penalty computed in ``call`` to the training loss."""
        self._activity_losses.append(loss)

    def _regularize_activity(self, outputs) -> None:
        """Add ``activity_regularizer(outputs)`` divided by the batch size to the losses,
        as Keras does (so its strength does not depend on the batch size)."""
        regularizer = getattr(self, "activity_regularizer", None)
        if regularizer is not None:
            penalty = regularizer(outputs)
            self.add_loss(penalty * (1.0 / outputs.shape[0]) if outputs.ndim > 0 and outputs.shape[0] else penalty)

    # --------------------------------------------------------------- calls
    def build(self, input_shape) -> None:
        """Create the weights for inputs of ``input_shape`` (batch axis first, may be None)."""
        self.built = True

    def call(self, inputs, training=None):
        """The layer's computation. Override it."""
        return inputs

    def compute_mask(self, inputs, mask=None):
        """The mask of the output, given the inputs and their mask (Keras's masking).

        A mask is a boolean array ``(batch, steps)``, False at padded steps; it rides on
        a Tensor as ``_keras_mask``. The default passes the input's mask on unchanged;
        layers that make a mask (``Embedding(mask_zero=True)``, ``Masking``) or consume
        it (pooling over steps, an RNN returning its last output) override this.
        """
        return mask

    def compute_output_shape(self, input_shape):
        """The output shape for an input shape (batch axis ``None``).

        The default runs ``call`` on a batch of one zero sample, which is right
        for any layer whose output shape does not depend on the values.
        """
        from axon.autograd.op import no_grad

        def dummy(shape):
            return Tensor._wrap(B.xp.zeros(tuple(1 if n is None else n for n in shape), dtype=self.dtype))

        nested = isinstance(input_shape, list)
        with no_grad():
            out = self._call_with_training(
                [dummy(s) for s in input_shape] if nested else dummy(input_shape), False)
        if isinstance(out, (list, tuple)):
            return [(None,) + tuple(o.shape[1:]) for o in out]
        return (None,) + tuple(out.shape[1:])

    def __call__(self, *args, training=None, **kwargs):
        from axon.layers.input_layer import KerasTensor, call_symbolic

        if args:
            inputs, args = args[0], args[1:]
        else:  # the first argument of call() given by name: layer(logits=x, targets=t)
            inputs = kwargs.pop(_first_call_argument(type(self)), _MISSING)
            if inputs is _MISSING:
                raise TypeError(f"Layer '{self.name}' was called without inputs: pass them as the first argument.")
        flat = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        if any(isinstance(x, KerasTensor) for x in [*flat, *args]):
            return call_symbolic(self, inputs, *args, training=training, **kwargs)
        if isinstance(inputs, dict):  # a subclassed model (or layer) fed a dict of named inputs
            inputs = {k: self._convert_one(v) for k, v in inputs.items()}
            if not self.built:
                self._build_from_dict(inputs)
        else:
            inputs = self._convert_inputs(inputs)
            shapes = [tuple(x.shape) for x in inputs] if isinstance(inputs, list) else tuple(inputs.shape)
            self._check_input(shapes)
            if not self.built:
                self._build_from(shapes)
        self._activity_losses = []
        mask = kwargs.get("mask")
        if mask is None:
            mask = _input_mask(inputs)
            if mask is not None and _accepts_mask(type(self)):
                kwargs["mask"] = mask
        outputs = self._call_with_training(inputs, training, *args, **kwargs)
        if self.supports_masking:
            _attach_masks(outputs, self.compute_mask(inputs, mask))
        return outputs

    def _call_with_training(self, inputs, training, *args, **kwargs):
        if _accepts_training(type(self)):
            kwargs["training"] = training
        return self.call(inputs, *args, **kwargs)

    def _convert_inputs(self, inputs):
        if isinstance(inputs, (list, tuple)):
            return [self._convert_one(x) for x in inputs]
        return self._convert_one(inputs)

    def _convert_one(self, x) -> Tensor:
        if not isinstance(x, Tensor):
            x = Tensor._wrap(B.xp.asarray(x))
        if self._autocast and x.dtype != self.dtype and (x.dtype.kind in "fiub"):
            from axon.ops import cast
            x = cast(x, self.dtype)
        return x

    def _build_from_dict(self, inputs: dict) -> None:
        """Build for dict inputs: ``build`` gets a dict of shapes; a model builds its
        layers during the call itself."""
        if type(self).build is not Layer.build and not hasattr(self, "_init_training_state"):
            self.build({k: (None,) + tuple(v.shape[1:]) for k, v in inputs.items()})
        self.built = True

    def _build_from(self, shapes) -> None:
        """Build with the batch axis as None and remember the shapes."""
        batchless = [(None,) + tuple(s[1:]) for s in shapes] if isinstance(shapes, list) else \
            (None,) + tuple(shapes[1:])
        self._build_shape = batchless
        self.build(batchless)
        self.built = True

    def _check_input(self, shape) -> None:
        """Raise a clear ValueError if ``shape`` does not fit ``input_spec``."""
        spec = self.input_spec
        if spec is None or isinstance(shape, list):
            return
        problem = None
        if spec.ndim is not None and len(shape) != spec.ndim:
            problem = f"expected ndim={spec.ndim}, found ndim={len(shape)}"
        elif spec.min_ndim is not None and len(shape) < spec.min_ndim:
            problem = f"expected min_ndim={spec.min_ndim}, found ndim={len(shape)}"
        else:
            for axis, size in spec.axes.items():
                if size is not None and len(shape) > abs(axis) - (axis < 0) and shape[axis] not in (size, None):
                    problem = f"expected axis {axis} of the input to have value {size}, found value {shape[axis]}"
                    break
        if problem:
            expected = self._expected_shape_str()
            raise ValueError(
                f"Input 0 of layer \"{self.name}\" ({type(self).__name__}) is incompatible with the layer: "
                f"{problem}. Expected shape {expected}, received shape {_shape_str(shape)}."
            )

    def _expected_shape_str(self) -> str:
        if self._build_shape is not None and not isinstance(self._build_shape, list):
            return _shape_str(self._build_shape)
        spec = self.input_spec
        ndim = spec.ndim or spec.min_ndim or 2
        dims = ["None"] * ndim
        for axis, size in spec.axes.items():
            dims[axis] = str(size)
        return "(" + ", ".join(dims) + ")" + (" or more axes" if spec.min_ndim else "")

    # --------------------------------------------------------------- shapes
    @property
    def input_shape(self):
        """The shape of the layer's input, batch axis ``None`` (once built)."""
        if self._build_shape is not None:
            return self._build_shape
        if self._input_shape_arg is not None:
            return (None,) + self._input_shape_arg
        raise AttributeError(f"The layer '{self.name}' has never been called and thus has no defined input shape.")

    @property
    def output_shape(self):
        """The shape of the layer's output, batch axis ``None`` (once built)."""
        if self._output_shape is None:
            if self._build_shape is None:
                raise AttributeError(
                    f"The layer '{self.name}' has never been called and thus has no defined output shape.")
            self._output_shape = self.compute_output_shape(self._build_shape)
        return self._output_shape

    # ------------------------------------------------------ symbolic graph
    @property
    def input(self):
        """The symbolic input(s) of the layer's first call on symbolic tensors (a
        ``KerasTensor``, or a list when it took several), as in Keras."""
        return self._first_node_tensors("input_tensors", "input")

    @property
    def output(self):
        """The symbolic output(s) of the layer's first call on symbolic tensors, as in
        Keras: ``Model(inputs=m.input, outputs=m.get_layer("conv2").output)``."""
        return self._first_node_tensors("output_tensors", "output")

    def _first_node_tensors(self, attr: str, what: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer '{self.name}' has never been called on a symbolic input and thus has no defined {what}. "
                "Call it on keras.Input(...) first (a Sequential model with an Input or input_shape does so)."
            )
        tensors = getattr(self._inbound_nodes[0], attr)
        return tensors[0] if len(tensors) == 1 else list(tensors)

    # --------------------------------------------------------------- config
    def get_config(self) -> dict:
        """The constructor arguments, JSON-able, so ``from_config`` rebuilds the layer."""
        config = {"name": self.name, "trainable": self._trainable, "dtype": self.dtype}
        if self._input_shape_arg is not None:
            config["input_shape"] = list(self._input_shape_arg)
        return config

    @classmethod
    def from_config(cls, config: dict):
        """Create a layer from ``get_config()``'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


_TRAINING_ARG: dict[type, bool] = {}
_MISSING = object()


def _first_call_argument(cls: type) -> str:
    """The name of ``cls.call``'s first argument after ``self`` (``inputs`` for most layers)."""
    params = [p for p in inspect.signature(cls.call).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return params[1].name if len(params) > 1 else "inputs"


def _accepts_training(cls: type) -> bool:
    """Whether ``cls.call`` takes a ``training`` argument (cached per class)."""
    known = _TRAINING_ARG.get(cls)
    if known is None:
        params = inspect.signature(cls.call).parameters
        known = "training" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
        _TRAINING_ARG[cls] = known
    return known


_MASK_ARG: dict[type, bool] = {}


def _accepts_mask(cls: type) -> bool:
    """Whether ``cls.call`` takes a ``mask`` argument (cached per class)."""
    known = _MASK_ARG.get(cls)
    if known is None:
        known = _MASK_ARG[cls] = "mask" in inspect.signature(cls.call).parameters
    return known


def _input_mask(inputs):
    """The mask riding on the input (a list of masks for a list of inputs, None when there is none)."""
    if isinstance(inputs, list):
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        return None if all(m is None for m in masks) else masks
    return getattr(inputs, "_keras_mask", None)


def _attach_masks(outputs, masks) -> None:
    """Set ``_keras_mask`` on the output Tensor(s) that have none yet."""
    if masks is None:
        return
    outs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    masks = masks if isinstance(masks, (list, tuple)) else [masks]
    for out, mask in zip(outs, masks):
        if isinstance(out, Tensor) and mask is not None and getattr(out, "_keras_mask", None) is None:
            out._keras_mask = B.xp.asarray(mask.data if isinstance(mask, Tensor) else mask, dtype=bool)
