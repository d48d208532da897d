"""What axon does not implement says so.

Asking one of axon's public modules for a TensorFlow / Keras name it lacks
raises ``NotImplementedInAxon`` ("axon does not implement keras.layers.Conv3D
yet ...", with what to use instead where something exists) instead of a bare
AttributeError. A name that is neither axon's nor a known Keras/TF one still
raises a plain AttributeError.

Every public module hooks in with one line at its end::

    __getattr__ = missing.module_getattr(__name__)

and the names live in ``KNOWN`` below, one table per module (add a name when
you find a Keras/TF name users reach for; delete it when axon implements it:
the table is only consulted for names the module does not have).
"""

from __future__ import annotations

import dis
import sys

_TF_CONTROL = "axon runs eagerly: write it as ordinary Python (a loop, an if)"
_EAGER_FN = "axon runs eagerly: call the Python function directly"

# module -> (the name users know it by, {missing name: what to use instead, or ""})
KNOWN: dict[str, tuple[str, dict[str, str]]] = {
    "axon": ("tf", {
        "TensorArray": "collect the values in a Python list and axon.stack them",
        "RaggedTensor": "pad the sequences (keras.utils.pad_sequences) and use a mask",
        "SparseTensor": "use a dense tensor",
        "ragged": "pad the sequences (keras.utils.pad_sequences) and use a mask",
        "sparse": "use dense tensors",
        "py_function": _EAGER_FN, "numpy_function": _EAGER_FN,
        "while_loop": _TF_CONTROL, "cond": _TF_CONTROL, "case": _TF_CONTROL, "switch_case": _TF_CONTROL,
        "map_fn": "a vectorised op, or a Python loop and axon.stack", "vectorized_map": "a vectorised op",
        "scan": _TF_CONTROL, "foldl": _TF_CONTROL, "foldr": _TF_CONTROL,
        "custom_gradient": "subclass axon.autograd.op.Op with a forward and a backward (see axon/ops/)",
        "scatter_nd": "", "tensor_scatter_nd_update": "", "tensor_scatter_nd_add": "",
        "tensor_scatter_nd_sub": "", "dynamic_partition": "", "dynamic_stitch": "", "bitcast": "",
        "unique": "", "unique_with_counts": "", "searchsorted": "", "histogram_fixed_width": "",
        "device": "axon computes on its backend's device: axon.config.set_backend('cupy') for GPUs",
        "Module": "subclass keras.layers.Layer", "distribute": "", "saved_model": "model.save('m.keras')",
        "lite": "", "image": "keras.ops.image.resize (axon.keras.ops.image)", "signal": "",
        "strings": "", "audio": "", "estimator": "keras.Model", "summary": "the TensorBoard callback",
        "train": "keras.callbacks.ModelCheckpoint and model.save", "compat": "", "xla": "", "tpu": "",
        "feature_column": "keras preprocessing layers", "queue": "", "debugging": "", "autograph": "",
        "experimental": "", "sets": "", "bitwise": "", "quantization": "", "raw_ops": "", "test": "pytest",
        "print": "Python's print (axon runs eagerly)", "Assert": "a Python assert",
        "control_dependencies": _TF_CONTROL, "init_scope": _TF_CONTROL, "name_scope": "",
        "Graph": _TF_CONTROL, "executing_eagerly": "",
    }),
    "axon.keras": ("keras", {
        "mixed_precision": "", "distribution": "", "export": "model.save('m.keras')", "quantizers": "",
        "tree": "", "dtype_policies": "", "visualization": "axon.plot",
        "DTypePolicy": "", "StatelessScope": "", "Function": "",
    }),
    "axon.layers": ("keras.layers", {
        "Conv3D": "", "Conv3DTranspose": "", "MaxPooling3D": "", "AveragePooling3D": "",
        "GlobalMaxPooling3D": "", "GlobalAveragePooling3D": "", "UpSampling3D": "", "ZeroPadding3D": "",
        "Cropping3D": "", "ConvLSTM1D": "", "ConvLSTM2D": "", "ConvLSTM3D": "", "LocallyConnected2D": "",
        "SpatialDropout3D": "", "EinsumDense": "keras.layers.Dense",
        "TFSMLayer": "", "JaxLayer": "", "FlaxLayer": "", "TorchModuleWrapper": "",
        "Wrapper": "",
        "GroupNormalization": "keras.layers.LayerNormalization", "UnitNormalization": "",
        "GroupQueryAttention": "keras.layers.MultiHeadAttention", "Discretization": "", "HashedCrossing": "",
        "RandomCrop": "",
        "RandomContrast": "", "RandomBrightness": "", "CenterCrop": "", "Resizing": "", "AutoContrast": "",
        "MelSpectrogram": "", "STFTSpectrogram": "", "Pipeline": "",
    }),
    "axon.nn": ("tf.nn", {
        "conv3d": "", "conv2d_transpose": "keras.layers.Conv2DTranspose", "conv1d_transpose": "",
        "depthwise_conv2d": "keras.layers.DepthwiseConv2D", "separable_conv2d": "keras.layers.SeparableConv2D",
        "atrous_conv2d": "axon.nn.conv2d with dilations", "max_pool3d": "", "avg_pool3d": "",
        "max_pool_with_argmax": "", "ctc_loss": "", "ctc_greedy_decoder": "", "ctc_beam_search_decoder": "",
        "embedding_lookup": "axon.gather", "nce_loss": "", "sampled_softmax_loss": "",
        "local_response_normalization": "keras.layers.BatchNormalization", "lrn": "",
        "weighted_cross_entropy_with_logits": "", "fractional_max_pool": "", "in_top_k": "axon.math.top_k",
        "compute_average_loss": "", "scale_regularization_loss": "", "space_to_depth": "", "depth_to_space": "",
    }),
    "axon.math": ("tf.math", {
        "segment_sum": "", "segment_mean": "", "segment_max": "", "unsorted_segment_sum": "",
        "unsorted_segment_mean": "", "unsorted_segment_max": "", "bincount": "", "confusion_matrix": "",
        "polyval": "", "lgamma": "", "digamma": "", "igamma": "", "betainc": "", "zeta": "",
        "bessel_i0": "", "bessel_i1": "", "xlogy": "", "xdivy": "", "angle": "", "conj": "", "real": "",
        "imag": "", "invert_permutation": "", "cumulative_logsumexp": "", "reduce_euclidean_norm": "axon.norm",
    }),
    "axon.linalg": ("tf.linalg", {
        "inv": "", "det": "", "slogdet": "", "solve": "", "cholesky": "", "qr": "", "svd": "", "eig": "",
        "eigh": "", "lstsq": "", "pinv": "", "expm": "", "logm": "", "triangular_solve": "", "band_part": "",
        "diag": "", "diag_part": "", "set_diag": "", "trace": "", "tensordot": "axon.einsum", "cross": "",
        "lu": "", "matrix_rank": "", "LinearOperator": "",
    }),
    "axon.random": ("tf.random", {
        "gamma": "", "poisson": "", "stateless_normal": "axon.random.normal(..., seed=)",
        "stateless_uniform": "axon.random.uniform(..., seed=)", "stateless_categorical": "",
        "Generator": "axon.random.set_seed and seed= arguments", "fold_in": "", "experimental": "",
        "log_uniform_candidate_sampler": "", "uniform_candidate_sampler": "",
    }),
    "axon.config": ("tf.config", {
        "set_visible_devices": "axon.config.set_backend('numpy' or 'cupy')",
        "set_logical_device_configuration": "", "threading": "the OMP_NUM_THREADS environment variable",
        "optimizer": "", "set_soft_device_placement": "", "get_soft_device_placement": "",
        "experimental_connect_to_cluster": "", "list_logical_device_configurations": "",
        "enable_unsafe_deserialization": "", "enable_interactive_logging": "", "disable_interactive_logging": "",
        "enable_traceback_filtering": "", "disable_traceback_filtering": "", "image_data_format": "",
        "set_image_data_format": "", "epsilon": "", "set_epsilon": "", "dtype_policy": "",
        "set_dtype_policy": "",
    }),
    "axon.devices": ("tf.config.experimental", {
        "set_virtual_device_configuration": "", "get_memory_info": "", "reset_memory_stats": "",
        "get_memory_usage": "", "enable_op_determinism": "axon.random.set_seed (axon is deterministic)",
        "set_synchronous_execution": "", "enable_tensor_float_32_execution": "",
    }),
    "axon.optimizers": ("keras.optimizers", {
        "Ftrl": "", "Adafactor": "", "LossScaleOptimizer": "", "Muon": "", "Lamb": "", "legacy": "",
        "experimental": "",
    }),
    "axon.losses": ("keras.losses", {
        "BinaryFocalCrossentropy": "", "CategoricalFocalCrossentropy": "", "CTC": "", "Dice": "", "Tversky": "",
        "Circle": "", "binary_focal_crossentropy": "", "categorical_focal_crossentropy": "", "ctc": "",
        "dice": "", "tversky": "",
    }),
    "axon.metrics": ("keras.metrics", {
        "PrecisionAtRecall": "", "RecallAtPrecision": "", "SensitivityAtSpecificity": "",
        "SpecificityAtSensitivity": "", "PearsonCorrelation": "", "ConcordanceCorrelation": "",
        "BinaryFocalCrossentropy": "",
    }),
    "axon.callbacks": ("keras.callbacks", {
        "BackupAndRestore": "ModelCheckpoint", "RemoteMonitor": "", "SwapEMAWeights": "",
    }),
    "axon.applications": ("keras.applications", {
        **{name: "the course models in axon.applications (LeNet5, AlexNet, VGG11, ...); no pretrained weights"
           for name in ("ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "VGG16", "VGG19", "MobileNet",
                        "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "EfficientNetB0", "EfficientNetV2B0",
                        "InceptionV3", "InceptionResNetV2", "Xception", "DenseNet121", "DenseNet169", "NASNetMobile",
                        "ConvNeXtTiny", "imagenet_utils", "resnet50", "mobilenet_v2", "vgg16", "efficientnet")},
    }),
    "axon.utils": ("keras.utils", {
        "get_file": "the loaders in keras.datasets, or download the file yourself",
        "timeseries_dataset_from_array": "", "audio_dataset_from_directory": "", "split_dataset": "",
        "model_to_dot": "keras.utils.plot_model", "FeatureSpace": "", "serialize_keras_object": "model.to_json()",
        "deserialize_keras_object": "keras.models.model_from_json", "Progbar": "keras.callbacks.Progbar",
        "to_ordinal": "", "normalize_tuple": "",
    }),
    "axon.initializers": ("keras.initializers", {
        "Identity": "", "IdentityInitializer": "", "STFT": "", "STFTInitializer": "",
    }),
    "axon.keras.random": ("keras.random", {
        "gamma": "", "binomial": "", "beta": "",
    }),
    "axon.keras.ops": ("keras.ops", {
        "dot": "keras.ops.matmul", "tensordot": "keras.ops.einsum", "vdot": "keras.ops.einsum",
        "inner": "keras.ops.einsum", "outer": "keras.ops.einsum", "kron": "", "cross": "",
        "floor": "", "ceil": "", "round": "", "trunc": "", "mod": "", "floor_divide": "", "reciprocal": "",
        "tan": "", "arccos": "", "arcsin": "", "arctan": "", "arctan2": "", "cosh": "",
        "sinh": "", "arccosh": "", "arcsinh": "", "arctanh": "", "log1p": "", "expm1": "", "log2": "",
        "log10": "", "logaddexp": "", "diag": "", "diagonal": "", "trace": "", "tril": "", "triu": "",
        "flip": "", "roll": "", "moveaxis": "keras.ops.transpose", "swapaxes": "keras.ops.transpose",
        "meshgrid": "", "vstack": "keras.ops.concatenate", "hstack": "keras.ops.concatenate", "append": "",
        "count_nonzero": "", "isclose": "", "nan_to_num": "", "quantile": "", "median": "", "average": "",
        "cumprod": "", "logspace": "", "tri": "", "empty": "keras.ops.zeros", "ravel": "keras.ops.reshape",
        "slice": "", "select": "keras.ops.where", "isnan": "", "isinf": "", "isfinite": "",
        "categorical_crossentropy": "keras.losses.categorical_crossentropy",
        "sparse_categorical_crossentropy": "keras.losses.sparse_categorical_crossentropy",
        "binary_crossentropy": "keras.losses.binary_crossentropy", "softmax_cross_entropy": "",
        "celu": "keras.activations.celu", "glu": "", "hard_tanh": "keras.activations.hard_tanh",
        "squareplus": "", "sparse_plus": "", "sparsemax": "", "sparse_sigmoid": "", "threshold": "",
        "extract_sequences": "", "erfinv": "", "rsqrt": "", "logdet": "",
        "associative_scan": "", "scan": "a Python loop", "fori_loop": "a Python loop",
        "while_loop": "a Python while loop", "cond": "a Python if", "switch": "a Python if",
        "map": "a vectorised op", "vectorized_map": "a vectorised op", "custom_gradient": "",
        "stft": "", "istft": "", "rfft": "", "irfft": "", "fft": "", "fft2": "", "ifft2": "",
        "segment_sum": "", "segment_max": "", "ctc_loss": "", "ctc_decode": "", "conv": "", "conv_transpose": "",
        "depthwise_conv": "", "separable_conv": "", "max_pool": "", "average_pool": "", "lstsq": "",
        "solve": "", "inv": "", "det": "", "qr": "", "svd": "", "eig": "", "eigh": "", "cholesky": "",
        "lu_factor": "", "solve_triangular": "", "scatter": "", "scatter_update": "", "slice_update": "",
        "dot_product_attention": "keras.layers.MultiHeadAttention", "psnr": "", "histogram": "",
        "unravel_index": "", "polar": "", "searchsorted": "", "bincount": "", "digitize": "",
        "in_top_k": "", "multi_hot": "", "correlate": "", "vectorize": "",
    }),
}


class NotImplementedInAxon(NotImplementedError, AttributeError):
    """A known TensorFlow / Keras name that axon does not implement (yet).

    An AttributeError too, so ``hasattr`` and ``getattr(module, name, default)``
    treat the name as absent.
    """

    def __init__(self, text: str, name: str):
        super().__init__(text)
        self.name = name


class NotImplementedInAxonImport(NotImplementedError, ImportError):
    """The same, raised for ``from module import name`` (Python would otherwise
    replace the message by a bare "cannot import name")."""

    def __init__(self, text: str, name: str):
        super().__init__(text)
        self.name = name


def message(module: str, name: str) -> str | None:
    """The error text for ``module.name`` when it is a known name, else None."""
    public, table = KNOWN.get(module, (module, {}))
    if name not in table:
        return None
    hint = table[name]
    text = f"axon does not implement {public}.{name} yet."
    if hint:
        text += f" Instead: {hint}."
    return text + " (docs/keras-differences.md lists what axon does differently.)"


_IMPORT_FROM = dis.opmap["IMPORT_FROM"]


def _from_import(depth: int) -> bool:
    # ``from module import name`` turns an AttributeError into a bare "cannot
    # import name"; an ImportError of our own keeps the message.
    frame = sys._getframe(depth)
    code, offset = frame.f_code.co_code, frame.f_lasti
    return 0 <= offset < len(code) and code[offset] == _IMPORT_FROM


def module_getattr(module: str, fallback=None):
    """A module ``__getattr__`` raising ``NotImplementedInAxon`` for known names.

    Args:
        module: the module's ``__name__`` (the key of its table in ``KNOWN``).
        fallback: an optional ``__getattr__`` tried first (lazy imports).
    """
    def __getattr__(name: str):
        if fallback is not None:
            try:
                return fallback(name)
            except AttributeError:
                pass
        text = message(module, name)
        if text is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        if _from_import(2):
            raise NotImplementedInAxonImport(text, name=name)
        raise NotImplementedInAxon(text, name=name)

    return __getattr__


__all__ = ["KNOWN", "NotImplementedInAxon", "NotImplementedInAxonImport", "message", "module_getattr"]
