"""``paddle.text``: the text datasets used in Paddle's guides (``datasets.UCIHousing``)."""

from axon.paddle.text import datasets

__all__ = ["datasets"]
