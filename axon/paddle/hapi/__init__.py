"""Paddle's high-level API: ``Model``, ``summary``, callbacks and the progress bar."""

from axon.paddle.hapi.model import Model
from axon.paddle.hapi.summary import summary

__all__ = ["Model", "summary"]
