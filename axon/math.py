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
from axon.ops.comparison import (  # noqa: F401,E402  (re-exports)
    equal,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    not_equal,
    reduce_all,
    reduce_any,
)
from axon.ops.cumulative import cumsum  # noqa: F401,E402
from axon.ops.norm import l2_normalize  # noqa: F401,E402
from axon.ops.smooth_activation import softplus  # noqa: F401,E402
from axon.ops.sorting import top_k  # noqa: F401,E402
from axon.ops.special import erf  # noqa: F401,E402
from axon.ops.statistics import (  # noqa: F401,E402
    reduce_logsumexp,
    reduce_prod,
    reduce_std,
    reduce_variance,
)
from axon.ops.trig import cos, sin  # noqa: F401,E402

__getattr__ = missing.module_getattr(__name__)
