"""Paddle's activation layers, each a few lines around ``paddle.nn.functional``."""

from __future__ import annotations

from axon.paddle.nn import functional as F
from axon.paddle.nn import initializer as I
from axon.paddle.nn.layer import Layer


class ReLU(Layer):
    """``max(x, 0)``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.relu(x)


class ReLU6(Layer):
    """``min(max(x, 0), 6)``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.relu6(x)


class LeakyReLU(Layer):
    """``x`` if positive else ``negative_slope * x`` (0.01 by default)."""

    def __init__(self, negative_slope: float = 0.01, name=None):
        super().__init__()
        self._negative_slope = float(negative_slope)

    def forward(self, x):
        return F.leaky_relu(x, self._negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self._negative_slope}"


class ELU(Layer):
    """``x`` if positive else ``alpha * (exp(x) - 1)``."""

    def __init__(self, alpha: float = 1.0, name=None):
        super().__init__()
        self._alpha = float(alpha)

    def forward(self, x):
        return F.elu(x, self._alpha)


class SELU(Layer):
    """Scaled ELU."""

    def __init__(self, scale: float = 1.0507009873554805, alpha: float = 1.6732632423543772, name=None):
        super().__init__()
        self._scale, self._alpha = scale, alpha

    def forward(self, x):
        return F.selu(x, self._scale, self._alpha)


class Sigmoid(Layer):
    """``1 / (1 + exp(-x))``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.sigmoid(x)


class Tanh(Layer):
    """Hyperbolic tangent."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.tanh(x)


class Softmax(Layer):
    """Softmax along ``axis`` (-1 by default)."""

    def __init__(self, axis: int = -1, name=None):
        super().__init__()
        self._axis = axis

    def forward(self, x):
        return F.softmax(x, self._axis)


class LogSoftmax(Layer):
    """Log-softmax along ``axis``."""

    def __init__(self, axis: int = -1, name=None):
        super().__init__()
        self._axis = axis

    def forward(self, x):
        return F.log_softmax(x, self._axis)


class Softplus(Layer):
    """``log(1 + exp(beta * x)) / beta``."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0, name=None):
        super().__init__()
        self._beta, self._threshold = beta, threshold

    def forward(self, x):
        return F.softplus(x, self._beta, self._threshold)


class Silu(Layer):
    """``x * sigmoid(x)``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.silu(x)


Swish = Silu


class Hardswish(Layer):
    """``x * relu6(x + 3) / 6``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.hardswish(x)


class Hardsigmoid(Layer):
    """``clip(x / 6 + 0.5, 0, 1)``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.hardsigmoid(x)


class GELU(Layer):
    """GELU (``approximate=True``: the tanh form)."""

    def __init__(self, approximate: bool = False, name=None):
        super().__init__()
        self._approximate = approximate

    def forward(self, x):
        return F.gelu(x, self._approximate)


class Mish(Layer):
    """``x * tanh(softplus(x))``."""

    def __init__(self, name=None):
        super().__init__()

    def forward(self, x):
        return F.mish(x)


class PReLU(Layer):
    """``x`` if positive else ``weight * x``, with ``num_parameters`` learned slopes (1 or one per channel)."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, weight_attr=None, data_format: str = "NCHW",
                 name=None):
        super().__init__()
        self._data_format = data_format
        self._weight = self.create_parameter([num_parameters], weight_attr, default_initializer=I.Constant(init))

    def forward(self, x):
        return F.prelu(x, self._weight, self._data_format)
