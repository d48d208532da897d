"""``paddle.ParamAttr``: how a layer creates one of its parameters."""

from __future__ import annotations


class ParamAttr:
    """A parameter's name, initializer, per-parameter learning rate, regularizer and trainability.

    Pass it as ``weight_attr=`` / ``bias_attr=`` to a layer; ``bias_attr=False``
    means no bias.

    Args:
        name: the parameter's name (generated when None).
        initializer: a ``paddle.nn.initializer`` instance.
        learning_rate: multiplies the optimizer's learning rate for this parameter.
        regularizer: ``paddle.regularizer.L2Decay`` / ``L1Decay`` for this parameter
            (takes precedence over the optimizer's ``weight_decay``).
        trainable: whether optimizers update it.
        do_model_average, need_clip: ``need_clip=False`` exempts it from gradient clipping.

    Example:
        >>> fc = paddle.nn.Linear(4, 2, weight_attr=paddle.ParamAttr(initializer=paddle.nn.initializer.Constant(0.5)))
    """

    def __init__(self, name=None, initializer=None, learning_rate: float = 1.0, regularizer=None,
                 trainable: bool = True, do_model_average: bool = True, need_clip: bool = True):
        if learning_rate < 0:
            raise ValueError(f"ParamAttr `learning_rate` must be >= 0. Received: learning_rate={learning_rate!r}")
        self.name = name
        self.initializer = initializer
        self.learning_rate = float(learning_rate)
        self.regularizer = regularizer
        self.trainable = bool(trainable)
        self.do_model_average = do_model_average
        self.need_clip = bool(need_clip)

    @staticmethod
    def _to_attr(arg):
        """Paddle's accepted forms (None, a ParamAttr, a name, an initializer, False) as a ParamAttr or False."""
        if arg is None:
            return ParamAttr()
        if arg is False:
            return False
        if isinstance(arg, ParamAttr):
            return arg
        if isinstance(arg, str):
            return ParamAttr(name=arg)
        if callable(arg):
            return ParamAttr(initializer=arg)
        raise TypeError(f"A parameter attribute must be None, False, a ParamAttr, a name or an initializer. "
                        f"Received: {arg!r}")

    def __repr__(self) -> str:
        return (f"ParamAttr(name={self.name!r}, initializer={self.initializer!r}, learning_rate={self.learning_rate}, "
                f"regularizer={self.regularizer!r}, trainable={self.trainable})")
