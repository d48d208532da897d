"""Optimizer state in Keras 3's layout (``optimizer/vars`` of a ``.keras`` file):
``iterations``, ``learning_rate`` (a number, not a schedule), then each slot of
each trainable variable, in the order Keras creates them. Slots Keras creates
in one call are interleaved per variable (Adam: m0, v0, m1, v1 ...); separate
calls follow each other (RMSprop: all velocities, then all momentums)."""

from __future__ import annotations

import warnings

import numpy as np

from axon import backend as B
from axon.io import hdf5, keras_map

# Keras's build(): one tuple per add_optimizer_variables call.
_SLOT_CALLS = {
    "SGD": (("momentum",),), "Adam": (("momentum", "velocity"), ("velocity_hat",)),
    "AdamW": (("momentum", "velocity"), ("velocity_hat",)),
    "RMSprop": (("velocity",), ("momentum",), ("average_gradient",)), "Adagrad": (("accumulator",),),
    "Adamax": (("momentum", "norm"),), "Lion": (("momentum",),),
    "Adadelta": (("accumulated_grad", "accumulated_delta_var"),),
}


def trainable_order(model) -> list:
    """The trainable variables in Keras's ``model.trainable_variables`` order."""
    out, seen = [], set()
    for layer in keras_map.keras_layers(model):
        for var in (trainable_order(layer) if keras_map.is_model(layer) else layer.trainable_weights):
            if id(var) not in seen:
                seen.add(id(var))
                out.append(var)
    return out


def _layout(optimizer, variables) -> list[tuple[str, object]] | None:
    """``(slot, variable)`` for each slot entry after iterations and learning rate, or None."""
    calls = _SLOT_CALLS.get(type(optimizer).__name__)
    if calls is None:
        return None
    out = []
    for call in calls:
        names = [slot for slot in call if optimizer._uses_slot(slot)]
        out += [(slot, var) for var in variables for slot in names]
    return out


def _has_rate(optimizer) -> bool:
    return isinstance(optimizer._learning_rate, float)


def state_arrays(model) -> list[np.ndarray] | None:
    """The optimizer's variables as Keras stores them, or None when Keras's layout is unknown."""
    optimizer = model.optimizer
    variables = trainable_order(model)
    layout = _layout(optimizer, variables)
    if layout is None:
        return None
    arrays = [np.array(int(optimizer.iterations), np.int64)]
    if _has_rate(optimizer):
        arrays.append(np.array(optimizer._learning_rate, np.float32))
    for slot, var in layout:
        if id(var) in optimizer._index:
            arrays.append(np.array(B.to_numpy(optimizer.slot(var, slot))))
        else:
            arrays.append(np.full(var.shape, optimizer.slot_initial_values[slot], np.float32))
    return arrays


def write(model, f) -> None:
    """The ``optimizer/vars`` group of a compiled model (nothing for an unknown layout)."""
    if model.optimizer is None:
        return
    arrays = state_arrays(model)
    if arrays is None:
        return
    group = f.require_group("optimizer/vars")
    group.attrs["name"] = model.optimizer.name
    for i, array in enumerate(arrays):
        group.create_dataset(str(i), data=array)


def read(model, f, where: str, limit: int) -> None:
    """Restore the optimizer state from ``optimizer/vars`` when it matches the model.

    A file saved before any training holds only the step count and the learning
    rate; a layout that fits neither that nor the model is skipped with a warning,
    as Keras does."""
    h5py = hdf5.h5py()
    group = f.get("optimizer/vars")
    optimizer = model.optimizer
    if not isinstance(group, h5py.Group) or optimizer is None:
        return
    variables = trainable_order(model)
    layout = _layout(optimizer, variables)
    head = 2 if _has_rate(optimizer) else 1
    count = len(group.keys())
    if layout is None or count not in (head, head + len(layout)):
        warnings.warn(f"{where}: the optimizer state in the file ({count} arrays) does not fit "
                      f"{type(optimizer).__name__} on this model; training starts from fresh optimizer state.",
                      stacklevel=3)
        return
    iterations = hdf5.read_weight(group["0"], (), f"{where}: optimizer iterations", limit)
    slots = [hdf5.read_weight(group[str(head + i)], var.shape, f"{where}: optimizer {slot} of '{var.name}'", limit)
             for i, (slot, var) in enumerate(layout)] if count > head else []
    optimizer.iterations = int(iterations)
    if slots:
        optimizer.build(variables)
        for (slot, var), array in zip(layout, slots):
            optimizer.slot(var, slot)[...] = B.xp.asarray(array, dtype=var.dtype)
