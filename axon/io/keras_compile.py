"""The compile settings of a Keras file (optimizer, loss, metrics) to and from
axon. Only the settings travel: optimizer state (moments, step count) is not
read or written, so a loaded model resumes training with fresh moments."""

from __future__ import annotations

import inspect

# Keras optimizer options that are off at these values (EMA, loss scaling,
# gradient accumulation): dropped on load, anything else unknown is refused.
_OFF = {"use_ema": False, "ema_overwrite_frequency": None, "loss_scale_factor": None,
        "gradient_accumulation_steps": None, "is_legacy_optimizer": False, "jit_compile": False}


# Short loss names Keras's legacy loader cannot resolve; the long names load everywhere.
_LOSS_NAMES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "mape": "mean_absolute_percentage_error",
               "msle": "mean_squared_logarithmic_error"}


def _long_loss_names(value):
    if isinstance(value, str):
        return _LOSS_NAMES.get(value, value)
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _long_loss_names(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_long_loss_names(v) for v in value]
    return value


def _with_module(value, module: str):
    if isinstance(value, dict) and "class_name" in value:
        return {"module": module, **value, "registered_name": None}
    if isinstance(value, dict):
        return {k: _with_module(v, module) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_module(v, module) for v in value]
    return value


def to_keras(model) -> dict | None:
    """Keras's ``compile_config`` for a compiled axon model (None if not compiled)."""
    from axon.models.saving import _compile_config

    config = _compile_config(model)
    if config is None:
        return None
    return {"optimizer": _with_module(config["optimizer"], "keras.optimizers"),
            "loss": _with_module(_long_loss_names(config["loss"]), "keras.losses"),
            "loss_weights": config["loss_weights"], "metrics": _with_module(config["metrics"], "keras.metrics"),
            "weighted_metrics": None, "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False}


def _strip(value):
    if isinstance(value, dict) and "class_name" in value:
        return {"class_name": value["class_name"], "config": value.get("config") or {}}
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _optimizer(item, where: str):
    from axon import optimizers

    if isinstance(item, str):
        return optimizers.get(item)
    name = item.get("class_name")
    try:
        cls = type(optimizers.get(name))
    except ValueError as err:
        raise ValueError(f"{where}: {err} Load with compile=False to skip the compile settings.") from None
    accepted = set(inspect.signature(cls.__init__).parameters)
    config = {}
    raw = dict(item.get("config") or {})
    if not raw.get("use_ema"):
        raw.pop("ema_momentum", None)
    for key, value in raw.items():
        if key in accepted:
            config[key] = value
        elif _OFF.get(key, object()) != value and value is not None:
            raise ValueError(f"{where}: the optimizer {name} uses {key}={value!r}, which axon does not implement. "
                             "Load with compile=False and compile the model yourself.")
    return optimizers.get({"class_name": name, "config": config})


def compile_from_keras(model, config: dict, custom_objects, where: str) -> None:
    """Compile ``model`` as the file's ``compile_config`` (Keras 3) or
    ``training_config`` (legacy h5) says."""
    from axon import losses, metrics
    from axon.models.saving import _deserialize_compiled

    if not config:
        return
    optimizer = config.get("optimizer", config.get("optimizer_config"))
    if optimizer is None:
        return
    model.compile(optimizer=_optimizer(optimizer, where),
                  loss=_deserialize_compiled(_strip(config.get("loss")), losses, custom_objects),
                  metrics=_deserialize_compiled(_strip(config.get("metrics")), metrics, custom_objects),
                  loss_weights=config.get("loss_weights"))
