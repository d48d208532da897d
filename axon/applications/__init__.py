"""``axon.applications`` (axon): builders for the course's classic models."""

from axon.applications.lenet import LeNet5, SimpleCNN
from axon.applications.mlp import MLP

__all__ = ["LeNet5", "MLP", "SimpleCNN"]
