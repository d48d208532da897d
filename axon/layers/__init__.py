"""``axon.layers``: Keras layers, one family a file."""

from axon import missing
from axon.layers.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from axon.layers.attention import AdditiveAttention, Attention, MultiHeadAttention
from axon.layers.base import InputSpec, Layer
from axon.layers.bidirectional import Bidirectional
from axon.layers.conv import Conv1D, Conv2D
from axon.layers.conv_transpose import Conv1DTranspose, Conv2DTranspose
from axon.layers.core import Activation, Dropout, Flatten, Identity, Lambda, Reshape
from axon.layers.dense import Dense
from axon.layers.depthwise_conv import DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D
from axon.layers.embedding import Embedding, Masking
from axon.layers.hashing import Hashing
from axon.layers.input_layer import Input, InputLayer, KerasTensor
from axon.layers.merge import (
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)
from axon.layers.normalization import BatchNormalization, LayerNormalization
from axon.layers.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AvgPool1D,
    AvgPool2D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    MaxPool1D,
    MaxPool2D,
    MaxPooling1D,
    MaxPooling2D,
)
from axon.layers.preprocessing import (
    Normalization,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Rescaling,
)
from axon.layers.recurrent import GRU, LSTM, RNN, SimpleRNN
from axon.layers.regularization import (
    ActivityRegularization,
    GaussianDropout,
    GaussianNoise,
    SpatialDropout1D,
    SpatialDropout2D,
)
from axon.layers.reshaping import (
    Cropping1D,
    Cropping2D,
    Permute,
    RepeatVector,
    UpSampling1D,
    UpSampling2D,
    ZeroPadding1D,
    ZeroPadding2D,
)
from axon.layers.rnn_cells import GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells
from axon.layers.text import CategoryEncoding, IntegerLookup, StringLookup, TextVectorization
from axon.layers.time_distributed import TimeDistributed

__all__ = [
    "AdditiveAttention", "Attention", "Bidirectional", "Embedding", "GRU", "GRUCell", "Hashing", "LSTM", "LSTMCell",
    "Masking",
    "MultiHeadAttention", "RNN", "SimpleRNN", "CategoryEncoding", "IntegerLookup", "StringLookup", "TextVectorization",
    "SimpleRNNCell", "StackedRNNCells",
    "Activation", "Add", "Average", "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D",
    "BatchNormalization", "Concatenate", "Conv1D", "Conv2D", "Dense", "Dropout", "ELU", "Flatten",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D",
    "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "Input", "InputLayer", "InputSpec", "KerasTensor",
    "Lambda", "Layer", "LeakyReLU", "MaxPool1D", "MaxPool2D", "MaxPooling1D", "MaxPooling2D", "Maximum", "Minimum",
    "Multiply", "Normalization", "PReLU", "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "ReLU",
    "Rescaling", "Reshape", "Softmax", "Subtract", "add", "average", "concatenate", "maximum", "minimum", "multiply",
    "subtract",
]
__all__ += ["LayerNormalization", "Conv1DTranspose", "Conv2DTranspose", "Cropping1D", "Cropping2D", "Identity",
            "Permute", "RepeatVector", "Dot", "dot", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
            "SeparableConv2D", "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D",
            "ActivityRegularization", "GaussianDropout", "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D",
            "TimeDistributed"]

__getattr__ = missing.module_getattr(__name__)
