"""``paddle.nn``: Paddle's layers, losses and containers over axon's ops."""

from axon.paddle.nn import functional, initializer
from axon.paddle.nn.activation import (
    ELU,
    GELU,
    SELU,
    Hardsigmoid,
    Hardswish,
    LeakyReLU,
    LogSoftmax,
    Mish,
    PReLU,
    ReLU,
    ReLU6,
    Sigmoid,
    Silu,
    Softmax,
    Softplus,
    Swish,
    Tanh,
)
from axon.paddle.nn.clip import ClipGradByGlobalNorm, ClipGradByNorm, ClipGradByValue
from axon.paddle.nn.common import (
    Dropout,
    Embedding,
    Flatten,
    Identity,
    Linear,
    Pad2D,
    Upsample,
    UpsamplingBilinear2D,
    UpsamplingNearest2D,
)
from axon.paddle.nn.container import LayerDict, LayerList, ParameterList, Sequential
from axon.paddle.nn.conv import Conv1D, Conv2D, Conv2DTranspose
from axon.paddle.nn.layer import Layer
from axon.paddle.nn.loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    KLDivLoss,
    L1Loss,
    MarginRankingLoss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from axon.paddle.nn.norm import BatchNorm, BatchNorm1D, BatchNorm2D, InstanceNorm2D, LayerNorm
from axon.paddle.nn.pooling import (
    AdaptiveAvgPool1D,
    AdaptiveAvgPool2D,
    AdaptiveMaxPool1D,
    AdaptiveMaxPool2D,
    AvgPool1D,
    AvgPool2D,
    MaxPool1D,
    MaxPool2D,
)
from axon.paddle.nn.rnn import GRU, LSTM, SimpleRNN
from axon.paddle.param_attr import ParamAttr
from axon.paddle.tensor import Parameter

__all__ = [
    "AdaptiveAvgPool1D", "AdaptiveAvgPool2D", "AdaptiveMaxPool1D", "AdaptiveMaxPool2D", "AvgPool1D", "AvgPool2D",
    "BatchNorm", "BatchNorm1D", "BatchNorm2D", "BCELoss", "BCEWithLogitsLoss", "ClipGradByGlobalNorm",
    "ClipGradByNorm", "ClipGradByValue", "Conv1D", "Conv2D", "Conv2DTranspose", "CrossEntropyLoss", "Dropout", "ELU",
    "Embedding", "Flatten", "functional", "GELU", "GRU", "Hardsigmoid", "Hardswish", "Identity", "initializer",
    "InstanceNorm2D", "KLDivLoss", "L1Loss", "Layer", "LayerDict", "LayerList", "LayerNorm", "LeakyReLU", "Linear",
    "LogSoftmax", "LSTM", "MarginRankingLoss", "MaxPool1D", "MaxPool2D", "Mish", "MSELoss", "NLLLoss", "Pad2D",
    "ParamAttr", "Parameter", "ParameterList", "PReLU", "ReLU", "ReLU6", "SELU", "Sequential", "Sigmoid", "Silu",
    "SimpleRNN", "SmoothL1Loss", "Softmax", "Softplus", "Swish", "Tanh", "Upsample", "UpsamplingBilinear2D",
    "UpsamplingNearest2D",
]


def __getattr__(name: str):
    missing = {"RNN", "LSTMCell", "GRUCell", "SimpleRNNCell", "MultiHeadAttention",
               "Transformer", "TransformerEncoder", "TransformerEncoderLayer", "TransformerDecoder",
               "TransformerDecoderLayer", "BiRNN", "Conv3D", "Conv1DTranspose", "Conv3DTranspose", "MaxPool3D",
               "AvgPool3D", "BatchNorm3D", "SyncBatchNorm", "GroupNorm"}
    if name in missing:
        raise AttributeError(f"axon.paddle.nn.{name} is not available in this version of axon.paddle. "
                             "Build the model from the layers listed in axon.paddle.nn.__all__.")
    raise AttributeError(f"module 'axon.paddle.nn' has no attribute {name!r}")
