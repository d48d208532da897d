"""``axon.applications`` (axon): builders for the course's classic models."""

from axon.applications.alexnet import AlexNet
from axon.applications.lenet import LeNet5, SimpleCNN
from axon.applications.linear import LinearRegression, LogisticRegression
from axon.applications.mlp import MLP
from axon.applications.perceptron import Perceptron
from axon.applications.vgg import VGG11

__all__ = ["AlexNet", "LeNet5", "LinearRegression", "LogisticRegression", "MLP", "Perceptron", "SimpleCNN", "VGG11"]

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
