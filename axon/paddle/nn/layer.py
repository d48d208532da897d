"""``paddle.nn.Layer``: the base class of every Paddle layer and model.

Parameters and sublayers are found through attributes: assigning a
``Parameter`` or a ``Layer`` to ``self.something`` registers it, so
``parameters()``, ``state_dict()`` and ``train()`` / ``eval()`` reach
everything a model holds. ``__call__`` runs the forward pre-hooks,
``forward`` and the forward post-hooks (``paddle.summary`` uses them).
"""

from __future__ import annotations

import collections
import itertools
import re
import threading
import warnings

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Variable
from axon.paddle.framework import get_default_dtype
from axon.paddle.param_attr import ParamAttr
from axon.paddle.tensor import Parameter, Tensor, to_array

_counters: dict = collections.defaultdict(itertools.count)
_counter_lock = threading.Lock()


def unique_name(prefix: str) -> str:
    """``prefix_0``, ``prefix_1`` ... numbered per prefix (Paddle's generated names)."""
    with _counter_lock:
        return f"{prefix}_{next(_counters[prefix])}"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class HookRemoveHelper:
    """Returned by ``register_forward_*_hook``; ``remove()`` takes the hook away."""

    def __init__(self, hooks: dict, key: int):
        self._hooks, self._key = hooks, key

    def remove(self) -> None:
        """Unregister the hook."""
        self._hooks.pop(self._key, None)


_hook_ids = itertools.count()


class Layer:
    """Base class of Paddle layers: subclass it, create sublayers and parameters in
    ``__init__`` (after ``super().__init__()``) and write ``forward``.

    Example:
        >>> class MLP(paddle.nn.Layer):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = paddle.nn.Linear(4, 8)
        ...         self.fc2 = paddle.nn.Linear(8, 2)
        ...     def forward(self, x):
        ...         return self.fc2(paddle.nn.functional.relu(self.fc1(x)))
        >>> len(MLP().parameters())
        4
    """

    def __init__(self, name_scope: str | None = None, dtype="float32"):
        object.__setattr__(self, "_parameters", collections.OrderedDict())
        object.__setattr__(self, "_sub_layers", collections.OrderedDict())
        object.__setattr__(self, "_buffers", collections.OrderedDict())
        self._non_persistable = set()
        self._forward_pre_hooks = collections.OrderedDict()
        self._forward_post_hooks = collections.OrderedDict()
        self.training = True
        self._dtype = dtype
        self._full_name = unique_name(name_scope or _snake(type(self).__name__))
        self._param_count = collections.Counter()

    # ------------------------------------------------------ registration
    def __setattr__(self, name: str, value) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, (Parameter, Layer)) and params is None:
            raise AttributeError(f"{type(self).__name__}: call super().__init__() before assigning parameters or "
                                 f"sublayers (while setting {name!r}).")
        if isinstance(value, Parameter):
            self._forget(name)
            params[name] = value
        elif isinstance(value, Layer):
            self._forget(name)
            self._sub_layers[name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"{type(self).__name__}.{name} is a parameter: assign a Parameter or None, not "
                                f"{type(value).__name__} (use .set_value() to change its values).")
            params[name] = None
        elif params is not None and name in self._sub_layers:
            if value is not None:
                raise TypeError(f"{type(self).__name__}.{name} is a sublayer: assign a Layer or None.")
            self._sub_layers[name] = None
        elif params is not None and name in self._buffers:
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str) -> None:
        for store in (self._parameters, self._sub_layers, self._buffers):
            store.pop(name, None)
        self.__dict__.pop(name, None)

    def __getattr__(self, name: str):
        d = self.__dict__
        for store in ("_parameters", "_sub_layers", "_buffers"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in (self._parameters, self._sub_layers, self._buffers):
            if name in store:
                del store[name]
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._sub_layers) | set(self._buffers))

    def add_sublayer(self, name: str, sublayer: Layer) -> Layer:
        """Register ``sublayer`` under ``name``; returns it."""
        if not isinstance(sublayer, Layer) and sublayer is not None:
            raise TypeError(f"add_sublayer({name!r}, ...) needs a paddle.nn.Layer. Received {type(sublayer).__name__}.")
        self._sub_layers[str(name)] = sublayer
        return sublayer

    def add_parameter(self, name: str, parameter: Parameter | None) -> Parameter | None:
        """Register ``parameter`` under ``name``; returns it."""
        if parameter is not None and not isinstance(parameter, Parameter):
            raise TypeError(f"add_parameter({name!r}, ...) needs a Parameter (from create_parameter). Received "
                            f"{type(parameter).__name__}.")
        self._parameters[str(name)] = parameter
        return parameter

    def register_buffer(self, name: str, tensor, persistable: bool = True) -> None:
        """Register a non-trainable tensor (saved in ``state_dict`` when ``persistable``)."""
        if tensor is not None and not isinstance(tensor, Tensor):
            tensor = Tensor(tensor)
        self._forget(name)
        self._buffers[name] = tensor
        if not persistable:
            self._non_persistable.add(name)

    def create_parameter(self, shape, attr=None, dtype=None, is_bias: bool = False, default_initializer=None):
        """A new Parameter of ``shape``, as ``attr`` (a ``ParamAttr``, name, initializer, None or False) says.

        The initializer is ``attr.initializer``, else ``default_initializer``,
        else zeros for a bias and Xavier uniform for a weight (Paddle's defaults).
        Returns None when ``attr`` is False.
        """
        from axon.paddle.nn import initializer as I

        attr = ParamAttr._to_attr(attr)
        if attr is False:
            return None
        dtype = dtype or (self._dtype if self._dtype != "float32" else get_default_dtype())
        init = attr.initializer or default_initializer or (I.Constant(0.0) if is_bias else I.XavierUniform())
        kind = "b" if is_bias else "w"
        name = attr.name or f"{self._full_name}.{kind}_{self._param_count[kind]}"
        self._param_count[kind] += 1
        shape = [int(s) for s in shape]
        if any(s <= 0 for s in shape):
            raise ValueError(f"{type(self).__name__}: parameter shape must be positive. Received shape={shape}.")
        param = Parameter(Variable(init(shape, dtype), trainable=attr.trainable, name=name))
        param.optimize_attr = {"learning_rate": attr.learning_rate}
        param.regularizer = attr.regularizer
        param.need_clip = attr.need_clip
        return param

    def create_tensor(self, name=None, persistable=None, dtype=None) -> Tensor:
        """An empty float tensor (to be filled later)."""
        return Tensor(np.zeros((0,), dtype=dtype or get_default_dtype()))

    # ----------------------------------------------------------- calling
    def __call__(self, *inputs, **kwargs):
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, inputs)
            if result is not None:
                inputs = result if isinstance(result, tuple) else (result,)
        outputs = self.forward(*inputs, **kwargs)
        for hook in list(self._forward_post_hooks.values()):
            result = hook(self, inputs, outputs)
            if result is not None:
                outputs = result
        return outputs

    def forward(self, *inputs, **kwargs):
        """The computation (subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must define forward(self, ...).")

    def register_forward_pre_hook(self, hook) -> HookRemoveHelper:
        """``hook(layer, inputs)`` runs before ``forward``; it may return new inputs."""
        key = next(_hook_ids)
        self._forward_pre_hooks[key] = hook
        return HookRemoveHelper(self._forward_pre_hooks, key)

    def register_forward_post_hook(self, hook) -> HookRemoveHelper:
        """``hook(layer, inputs, outputs)`` runs after ``forward``; it may return new outputs."""
        key = next(_hook_ids)
        self._forward_post_hooks[key] = hook
        return HookRemoveHelper(self._forward_post_hooks, key)

    # ---------------------------------------------------------- walking
    def named_sublayers(self, prefix: str = "", include_self: bool = False, layers_set=None):
        """``(name, layer)`` for every sublayer, depth first (``'features.0'``)."""
        layers_set = set() if layers_set is None else layers_set
        if include_self and id(self) not in layers_set:
            layers_set.add(id(self))
            yield prefix, self
        for key, layer in self._sub_layers.items():
            if layer is None or id(layer) in layers_set:
                continue
            name = f"{prefix}.{key}" if prefix else key
            layers_set.add(id(layer))
            yield name, layer
            yield from layer.named_sublayers(name, False, layers_set)

    def sublayers(self, include_self: bool = False) -> list:
        """Every sublayer, depth first."""
        return [layer for _, layer in self.named_sublayers(include_self=include_self)]

    def named_children(self):
        """``(name, layer)`` for the direct sublayers."""
        return ((k, v) for k, v in self._sub_layers.items() if v is not None)

    def children(self):
        """The direct sublayers."""
        return (v for _, v in self.named_children())

    def named_parameters(self, prefix: str = "", include_sublayers: bool = True):
        """``(name, parameter)`` pairs (``'fc.weight'``), each parameter once."""
        seen = set()
        layers = self.named_sublayers(prefix, include_self=True) if include_sublayers else [(prefix, self)]
        for layer_prefix, layer in layers:
            for key, param in layer._parameters.items():
                if param is None or id(param.value) in seen:
                    continue
                seen.add(id(param.value))
                yield (f"{layer_prefix}.{key}" if layer_prefix else key), param

    def parameters(self, include_sublayers: bool = True) -> list:
        """Every parameter (trainable or not), each once."""
        return [p for _, p in self.named_parameters(include_sublayers=include_sublayers)]

    def named_buffers(self, prefix: str = "", include_sublayers: bool = True):
        """``(name, tensor)`` for the registered buffers."""
        layers = self.named_sublayers(prefix, include_self=True) if include_sublayers else [(prefix, self)]
        for layer_prefix, layer in layers:
            for key, buf in layer._buffers.items():
                if buf is not None:
                    yield (f"{layer_prefix}.{key}" if layer_prefix else key), buf

    def buffers(self, include_sublayers: bool = True) -> list:
        """The registered buffers."""
        return [b for _, b in self.named_buffers(include_sublayers=include_sublayers)]

    def apply(self, fn) -> Layer:
        """Call ``fn(layer)`` on every sublayer and then on this layer; returns self."""
        for layer in self.children():
            layer.apply(fn)
        fn(self)
        return self

    def full_name(self) -> str:
        """The generated unique name (``'linear_0'``)."""
        return self._full_name

    # ------------------------------------------------------------ modes
    def train(self) -> Layer:
        """Training mode for this layer and every sublayer (Dropout drops, BatchNorm uses batch statistics)."""
        for layer in self.sublayers(include_self=True):
            layer.training = True
        return self

    def eval(self) -> Layer:
        """Inference mode for this layer and every sublayer."""
        for layer in self.sublayers(include_self=True):
            layer.training = False
        return self

    def clear_gradients(self, set_to_zero: bool = True) -> None:
        """Reset the gradients of every parameter."""
        for p in self.parameters():
            p.clear_gradient(set_to_zero)

    def to(self, device=None, dtype=None, blocking=None) -> Layer:
        """Cast the float parameters and buffers to ``dtype``; ``device`` must be the CPU."""
        if device is not None and str(device).lower().split(":")[0] not in ("cpu", "place(cpu)"):
            raise ValueError(f"axon.paddle computes on the CPU only. Received device={device!r}.")
        if dtype is not None:
            from axon.paddle.tensor import to_dtype

            dt = to_dtype(dtype)
            for t in self.parameters() + self.buffers():
                if t.value.data.dtype.kind == "f":
                    t.value.data = t.value.data.astype(dt)
        return self

    def float(self) -> Layer:
        """Parameters to float32."""
        return self.to(dtype="float32")

    def double(self) -> Layer:
        """Parameters to float64."""
        return self.to(dtype="float64")

    # ------------------------------------------------------------ state
    def state_dict(self, destination=None, include_sublayers: bool = True, structured_name_prefix: str = "",
                   use_hook: bool = True) -> collections.OrderedDict:
        """Parameters and persistable buffers by structured name (``'features.0.weight'``)."""
        out = collections.OrderedDict() if destination is None else destination
        layers = (self.named_sublayers(include_self=True) if include_sublayers else [("", self)])
        for prefix, layer in layers:
            for key, value in itertools.chain(layer._parameters.items(), layer._buffers.items()):
                if value is None or key in layer._non_persistable:
                    continue
                out[structured_name_prefix + (f"{prefix}.{key}" if prefix else key)] = value
        return out

    def set_state_dict(self, state_dict, use_structured_name: bool = True):
        """Load values from ``state_dict`` (Tensors or arrays by structured name).

        A key missing from ``state_dict`` or with a different shape is skipped
        with a warning, as Paddle does. Returns ``(missing_keys, unexpected_keys)``.
        """
        own = self.state_dict()
        if not use_structured_name:
            own = collections.OrderedDict((t.name, t) for t in own.values())
        missing, unexpected = [], [k for k in state_dict if k not in own]
        for key, target in own.items():
            if key not in state_dict:
                missing.append(key)
                warnings.warn(f"set_state_dict: no value for {key!r} in the state dict; it keeps its value.",
                              stacklevel=2)
                continue
            value = to_array(state_dict[key])
            if tuple(value.shape) != tuple(target.value.shape):
                missing.append(key)
                warnings.warn(f"set_state_dict: skipped {key!r}: the saved value has shape {list(value.shape)} but "
                              f"the layer's has shape {target.shape}.", stacklevel=2)
                continue
            target.value.data[...] = B.xp.asarray(value, dtype=target.value.data.dtype)
        return missing, unexpected

    set_dict = set_state_dict
    load_dict = set_state_dict

    # ------------------------------------------------------------- repr
    def extra_repr(self) -> str:
        """The layer's configuration, shown in ``repr``."""
        return ""

    def __repr__(self) -> str:
        lines = []
        for name, layer in self.named_children():
            body = repr(layer).replace("\n", "\n  ")
            lines.append(f"({name}): {body}")
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not lines:
            return head + ")"
        return head + "\n  " + "\n  ".join(lines) + "\n)"
