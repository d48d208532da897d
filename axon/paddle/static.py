"""``paddle.static``: only ``InputSpec`` (a shape and dtype description for ``paddle.Model``);
the static-graph API itself is not available in axon.paddle."""

from __future__ import annotations


class InputSpec:
    """The shape (None for an unknown size), dtype and name of a model input.

    Example:
        >>> paddle.Model(net, inputs=[paddle.static.InputSpec([None, 1, 28, 28], 'float32', 'image')])
    """

    def __init__(self, shape, dtype="float32", name=None, stop_gradient: bool = False):
        self.shape = [None if s is None or s == -1 else int(s) for s in shape]
        self.dtype, self.name, self.stop_gradient = dtype, name, stop_gradient

    def __repr__(self) -> str:
        shape = tuple(-1 if s is None else s for s in self.shape)
        return f"InputSpec(shape={shape}, dtype={self.dtype}, name={self.name})"


def __getattr__(name: str):
    raise AttributeError(f"paddle.static.{name} belongs to the static-graph API, which axon.paddle does not have "
                         "(dygraph only). Write the model as a paddle.nn.Layer and call it directly.")
