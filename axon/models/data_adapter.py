"""Turning what a user passes to ``fit``/``evaluate``/``predict`` into batches.

Arrays (one, a list or a dict per input; nested Python lists too), Tensors,
``axon.data.Dataset``s, ``keras.utils.PyDataset``s and Python generators of
batches are accepted. Everything is checked once, up front, with errors that
name the cause: x and y of different lengths, an empty dataset, a bad
``validation_split``, an input of the wrong shape for the model, more or fewer
inputs than the model has, text where numbers are needed.
"""

from __future__ import annotations

import collections.abc
import numbers

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.models.batch_sources import GeneratorSource, PyDataset, PyDatasetSource


def is_dataset(x) -> bool:
    """True for a source of whole batches: an ``axon.data.Dataset``, or what
    ``batch_source`` made of a ``PyDataset`` or a generator."""
    from axon.data import Dataset

    return isinstance(x, (Dataset, PyDatasetSource, GeneratorSource))


def batch_source(x):
    """``x`` ready to be iterated for batches: a ``PyDataset`` (``keras.utils.Sequence``)
    or a Python generator/iterator is wrapped; anything else is returned as is."""
    if isinstance(x, PyDataset):
        return PyDatasetSource(x)
    if isinstance(x, collections.abc.Iterator) and not isinstance(x, (np.ndarray, Tensor)):
        return GeneratorSource(x)
    return x


def check_batch_size(batch_size) -> int:
    """``batch_size`` as a positive int (32 when None); a clear error otherwise."""
    if batch_size is None:
        return 32
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive int. Received: batch_size={batch_size!r}")
    return int(batch_size)


def input_count(model) -> int | None:
    """How many inputs the model takes, when its structure says (functional and
    Sequential models); None for a subclassed model, which takes what its call takes."""
    if getattr(model, "_graph", None) is not None:
        return len(model._graph["flat_inputs"])
    if hasattr(model, "_stack"):
        return 1
    return None


def _declared_dtypes(model) -> list:
    if getattr(model, "_graph", None) is not None:
        return [t.dtype for t in model._graph["flat_inputs"]]
    first = next(iter(getattr(model, "layers", None) or []), None)
    if getattr(first, "_accepts_strings", False):  # a Sequential opening on a text layer (TextVectorization)
        return ["string"]
    tensor = getattr(model, "_input_tensor", None)
    return [tensor.dtype] if tensor is not None else []


def _is_nested_list(value) -> bool:
    """A Python list/tuple holding numbers or more lists (not arrays): one array's worth."""
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(
        isinstance(v, (numbers.Number, str, bytes, list, tuple)) for v in value)


def _from_nested_list(value, what: str) -> np.ndarray:
    try:
        array = np.array(value)
    except ValueError as err:  # ragged
        raise ValueError(f"`{what}` is a nested Python list that is not rectangular (its rows differ in length), "
                         f"so it cannot be read as one array: {err}. Use np.array with rows of equal length, "
                         "or keras.utils.pad_sequences for sequences.") from None
    return array


def model_inputs(model, x) -> list:
    """``x`` as the list of the model's input arrays: one per input, in order.

    A nested Python list is one array where the model has one input (Keras reads
    ``fit(x.tolist(), y)`` so); more or fewer arrays than the model's inputs are
    refused with Keras's message.
    """
    count = input_count(model)
    if count in (1, None) and _is_nested_list(x):
        xs = [_from_nested_list(x, "x")]
    else:
        xs = [_from_nested_list(a, f"x[{i}]") if _is_nested_list(a) else a
              for i, a in enumerate(structure_inputs(model, x))]
    if count is not None and len(xs) != count:
        raise ValueError(f"Layer \"{model.name}\" expects {count} input(s), but it received {len(xs)} input "
                         f"tensors. Pass {'one array' if count == 1 else f'a list of {count} arrays'} as x.")
    # Text is refused where the model declares numeric inputs (an Input, or a Sequential
    # built on numbers); a model opening on a text layer declares "string".
    declared = _declared_dtypes(model)
    return [numeric(a, f"x[{i}]" if len(xs) > 1 else "x", floatx=True,
                    text_ok=i >= len(declared) or str(declared[i]) in ("string", "str", "object"))
            for i, a in enumerate(xs)]


def model_targets(model, y) -> list | None:
    """``y`` as the list of target arrays in output order (None entries allowed), numeric."""
    ys = structure_targets(model, y)
    if ys is None:
        return None
    return [None if a is None else numeric(_from_nested_list(a, "y") if _is_nested_list(a) else a,
                                           f"y[{i}]" if len(ys) > 1 else "y", floatx=False)
            for i, a in enumerate(ys)]


def numeric(value, what: str, floatx: bool, text_ok: bool = False):
    """``as_array(value)``, refusing data that is not numbers (strings, dates,
    records, Python objects) with an error naming ``what`` and the dtype; an
    object array of numbers is converted."""
    array = value.data if isinstance(value, Tensor) else B.xp.asarray(value)
    kind = array.dtype.kind
    if kind == "O":
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            if text_ok:
                return array
            raise ValueError(
                f"`{what}` is an object array holding non-numeric values (e.g. {_first_bad(array)!r}): it must "
                "hold numbers. Convert it first, e.g. labels with keras.layers.StringLookup or "
                "np.unique(y, return_inverse=True), and ragged lists with keras.utils.pad_sequences.") from None
    elif kind in "USMmV" and not (text_ok and kind in "US"):
        if kind not in "US":
            hint = "convert it to numbers first"
        elif what.startswith("y"):
            hint = ("map the labels to integers first (keras.layers.StringLookup, or "
                    "np.unique(y, return_inverse=True)[1])")
        else:
            hint = ("turn the text into numbers in the model (keras.layers.TextVectorization or StringLookup after "
                    "an Input(dtype='string')) or before it")
        raise ValueError(f"`{what}` has dtype {array.dtype} ({_KIND_NAMES[kind]}), but the model needs numbers: "
                         f"{hint}.")
    if kind in "US":
        return array
    return as_array(array, floatx)


_KIND_NAMES = {"U": "text", "S": "bytes", "M": "dates", "m": "time spans", "V": "records"}


def _first_bad(array):
    for v in array.reshape(-1):
        if not isinstance(v, numbers.Number):
            return v
    return None


def to_list(value) -> list | None:
    """``None`` stays ``None``; one array becomes ``[array]``; lists/tuples become lists."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def as_array(value, floatx: bool) -> np.ndarray:
    """A backend array; float64 (and, for model inputs, integer) data becomes ``floatx()``."""
    array = value.data if isinstance(value, Tensor) else B.xp.asarray(value)
    if array.dtype.kind == "f" and array.dtype != B.floatx():
        array = array.astype(B.floatx())
    elif floatx and array.dtype.kind in "iub":
        array = array.astype(B.floatx())
    return array


def unpack_xy(data):
    """Split a dataset element into ``(x, y, sample_weight)``."""
    if isinstance(data, (tuple, list)) and not isinstance(data, np.ndarray):
        if len(data) == 1:
            return data[0], None, None
        if len(data) == 2:
            return data[0], data[1], None
        if len(data) == 3:
            return data[0], data[1], data[2]
    return data, None, None


def structure_inputs(model, x) -> list:
    """The model inputs as a list of arrays (dicts are matched by input name)."""
    if isinstance(x, dict):
        names = model.input_names
        missing = [n for n in names if n not in x]
        if missing:
            raise ValueError(f"Missing input(s) {missing} in the dict given as x. The model's inputs are {names}.")
        return [x[n] for n in names]
    return to_list(x)


def structure_targets(model, y) -> list | None:
    """The targets as a list in output order (dicts are matched by output name)."""
    if y is None:
        return None
    if isinstance(y, dict):
        names = model.output_names
        unknown = [k for k in y if k not in names]
        if unknown:
            raise ValueError(f"Unknown output name(s) {unknown} in y. The model's outputs are {names}.")
        return [y.get(n) for n in names]
    if isinstance(y, (list, tuple)) and len(model.output_names) > 1:
        return list(y)
    if isinstance(y, (list, tuple)) and len(y) > 1 and all(isinstance(a, (np.ndarray, Tensor)) and a.ndim >= 1
                                                            for a in y) and len({len(a) for a in y}) == 1 \
            and len(y) != len(y[0]):
        raise ValueError(f"The model has 1 output but y is a {type(y).__name__} of {len(y)} arrays of "
                         f"{len(y[0])} samples each. Pass one array of targets, or give the model {len(y)} outputs.")
    return [y]


def check_lengths(xs: list, ys: list | None, sample_weight=None) -> int:
    """The common number of samples; a clear error if the arrays disagree or are empty."""
    lengths = {("x", i): len(a) for i, a in enumerate(xs)}
    for i, a in enumerate(ys or []):
        if a is not None:
            lengths[("y", i)] = len(a)
    if sample_weight is not None:
        lengths[("sample_weight", 0)] = len(sample_weight)
    values = set(lengths.values())
    if len(values) > 1:
        detail = ", ".join(f"{k[0]}{'' if k[1] == 0 else f'[{k[1]}]'} has {n}" for k, n in lengths.items())
        ragged = len(xs) > 1 and len({len(a) for a in xs}) > 1 and all(np.ndim(a) == 1 for a in xs)
        hint = (" If x is a list of sequences of different lengths (token ids), pad them to one length first "
                "with keras.utils.pad_sequences(x).") if ragged else ""
        raise ValueError(f"Data cardinality is ambiguous: {detail} samples. Make sure all arrays contain the "
                         f"same number of samples.{hint}")
    n = values.pop() if values else 0
    if n == 0:
        raise ValueError("The data is empty (0 samples): fit/evaluate need at least one sample.")
    return n


def adapt_input_shapes(model, xs: list) -> list:
    """Add a missing trailing channel axis of size 1, as Keras does ((N, 28, 28)
    for an input of (28, 28, 1)); any other rank mismatch is a clear error."""
    expected = model._expected_input_shapes()
    if expected is None:
        return xs
    out = []
    for i, (x, shape) in enumerate(zip(xs, expected)):
        if shape is None:
            out.append(x)
            continue
        if x.ndim == len(shape) - 1 and shape[-1] == 1 and all(
                e is None or e == a for e, a in zip(shape[1:-1], x.shape[1:])):
            x = x[..., None]
        if x.ndim != len(shape) or any(e is not None and e != a for e, a in zip(shape[1:], x.shape[1:])):
            layer = model._input_layer_name(i)
            raise ValueError(
                f"Input {i} of model '{model.name}' is incompatible with its first layer '{layer}': expected shape "
                f"{_fmt(shape)}, received shape {_fmt((None,) + tuple(x.shape[1:]))} (a batch of {x.shape[0]}). "
                "Reshape the data to match the model's input shape."
            )
        out.append(x)
    return out


def expand_missing_channel(model, inputs):
    """``inputs`` (one array or Tensor, a list/tuple or a dict) with the trailing
    channel axis of size 1 added where the model expects it and the data lacks
    it; everything else passes through unchanged (the layers check it)."""
    expected = model._expected_input_shapes()
    if not expected:
        return inputs

    def fix(x, shape):
        if shape is None or not hasattr(x, "ndim") or not hasattr(x, "shape"):
            return x
        if x.ndim == len(shape) - 1 and shape[-1] == 1 and all(
                e is None or e == a for e, a in zip(shape[1:-1], x.shape[1:])):
            return x[..., None]
        return x

    if isinstance(inputs, dict):
        names = model.input_names
        return {k: fix(v, expected[names.index(k)]) if k in names and len(names) == len(expected) else v
                for k, v in inputs.items()}
    if isinstance(inputs, (list, tuple)):
        if len(inputs) != len(expected):
            return inputs
        return type(inputs)(fix(x, s) for x, s in zip(inputs, expected))
    return fix(inputs, expected[0]) if len(expected) == 1 else inputs


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def split_validation(arrays: list, validation_split: float) -> tuple[list, list]:
    """Split every array into (train, validation), validation being the LAST
    fraction of the samples, taken before any shuffling (Keras's rule)."""
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"`validation_split` must be in [0, 1). Received: validation_split={validation_split}")
    n = len(next(a for a in arrays if a is not None))
    split = int(n * (1.0 - validation_split))
    if split == 0 or split == n:
        raise ValueError(
            f"validation_split={validation_split} leaves {split} training and {n - split} validation samples "
            f"out of {n}: both sets must be non-empty."
        )
    train = [None if a is None else a[:split] for a in arrays]
    val = [None if a is None else a[split:] for a in arrays]
    return train, val


def class_weights_to_sample_weights(y, class_weight: dict) -> np.ndarray:
    """Per-sample weights from a ``{class: weight}`` dict and the labels
    (integer labels, a column of them, or one-hot rows)."""
    y = B.to_numpy(y.data if isinstance(y, Tensor) else y)
    labels = y.argmax(axis=-1) if y.ndim >= 2 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    if y.ndim >= 2 and y.shape[-1] == 1 and y.dtype.kind == "f":
        labels = np.round(labels)
    labels = labels.astype(np.int64)
    table = np.ones(int(max(labels.max(initial=0), max(class_weight, default=0))) + 1, dtype=B.floatx())
    for cls, weight in class_weight.items():
        table[int(cls)] = weight
    return table[labels]


def batch_slices(n: int, batch_size: int, shuffle: bool):
    """Index arrays (or slices) of each batch of an epoch."""
    if shuffle:
        order = B.to_numpy(B.rng().permutation(n))
        return [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return [slice(i, min(i + batch_size, n)) for i in range(0, n, batch_size)]


def take(array, index):
    """Rows ``index`` of ``array`` (None passes through)."""
    return None if array is None else array[index]


class ContinuingIterator:
    """The elements of a Dataset, carrying on across epochs (for ``steps_per_epoch``):
    each epoch takes up where the previous one stopped, and a new pass over the
    dataset starts when one runs out, so a repeated or a finite dataset both give
    ``steps_per_epoch`` batches an epoch, as in Keras."""

    def __init__(self, dataset):
        self.dataset = dataset
        self._iterator = None

    def __iter__(self):
        fresh = self._iterator is None
        if fresh:
            self._iterator = iter(self.dataset)
        while True:
            try:
                element = next(self._iterator)
            except StopIteration:
                self._iterator = None
                if fresh:  # a whole new pass gave nothing: the dataset is empty
                    return
                fresh, self._iterator = True, iter(self.dataset)
                continue
            fresh = False
            yield element
