"""``axon.math``: the elementwise and reduction ops under TensorFlow's ``tf.math`` names."""

from axon import missing
from axon.ops import (  # noqa: F401  (re-exports)
    abs,
    add,
    add_n,
    argmax,
    argmin,
    divide,
    exp,
    log,
    maximum,
    minimum,
    multiply,
    negative,
    pow,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_sum,
    sigmoid,
    sign,
    sqrt,
    square,
    subtract,
    tanh,
)

__getattr__ = missing.module_getattr(__name__)
