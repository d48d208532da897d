"""Custom objects: the names under which user classes and functions are found
again when a model is rebuilt from its config.

Keras's three ways are here: ``register_keras_serializable`` (a decorator,
global), ``get_custom_objects()`` (the global dict, to fill by hand) and
``custom_object_scope({...})`` (for a ``with`` block, in this thread only);
``load_model`` / ``model_from_json`` / ``clone_model`` also take
``custom_objects=``. A config only ever names objects: nothing here turns
text into code, so an unregistered name is an error, never an import.
"""

from __future__ import annotations

import threading

_GLOBAL_CUSTOM_OBJECTS: dict[str, object] = {}
_GLOBAL_CUSTOM_NAMES: dict[int, str] = {}  # id(object) -> its registered name
_scopes = threading.local()


def get_custom_objects() -> dict:
    """The global dict of custom objects, by name; add to it to make an object loadable.

    Example:
        >>> axon.saving.get_custom_objects()["my_activation"] = my_activation
    """
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """A ``with`` block in which extra custom objects are known (this thread only).

    Example:
        >>> with axon.saving.custom_object_scope({"MyLayer": MyLayer}):
        ...     model = axon.models.model_from_json(text)
    """

    def __init__(self, *custom_objects: dict | None):
        self.custom_objects: dict = {}
        for objects in custom_objects:
            if objects is not None and not isinstance(objects, dict):
                raise TypeError(f"custom_object_scope() takes dicts of {{name: object}}. Received {objects!r}.")
            self.custom_objects.update(objects or {})

    def __enter__(self):
        _scope_stack().append(self.custom_objects)
        return self

    def __exit__(self, *exc) -> None:
        _scope_stack().pop()


custom_object_scope = CustomObjectScope


def _scope_stack() -> list:
    stack = getattr(_scopes, "stack", None)
    if stack is None:
        stack = _scopes.stack = []
    return stack


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator: make a custom class (layer, model, loss, metric ...) or function
    (activation, loss, metric) loadable by name, as ``'package>name'``.

    Example:
        >>> @axon.saving.register_keras_serializable(package="my_package")
        ... class Scale(axon.layers.Layer):
        ...     ...
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(f"`package` must be a string without '>'. Received: package={package!r}")

    def decorator(obj):
        base = name or getattr(obj, "__name__", None)
        if base is None:
            raise ValueError(f"Cannot register {obj!r}: it has no __name__, so pass name=.")
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(f"Cannot register class {obj.__name__}: it has no get_config() method.")
        key = f"{package}>{base}"
        _GLOBAL_CUSTOM_OBJECTS[key] = obj
        _GLOBAL_CUSTOM_NAMES[id(obj)] = key
        if isinstance(obj, type):
            obj._registered_name = key
        return obj

    return decorator


def get_registered_name(obj) -> str:
    """The name ``obj`` was registered under, else its own ``__name__``."""
    return _GLOBAL_CUSTOM_NAMES.get(id(obj)) or getattr(obj, "__name__", str(obj))


def registered_name(obj) -> str | None:
    """The name ``obj`` itself was registered under, or None (a subclass of a
    registered class is not registered)."""
    key = _GLOBAL_CUSTOM_NAMES.get(id(obj))
    if key is not None and _GLOBAL_CUSTOM_OBJECTS.get(key) is obj:
        return key
    return None


def get_registered_object(name: str, custom_objects: dict | None = None, module_objects: dict | None = None):
    """The object called ``name``: from ``custom_objects``, then the active
    ``custom_object_scope``s, then the global custom objects, then
    ``module_objects`` (the built-ins); None when nowhere."""
    found = lookup(name, custom_objects)
    if found is None and module_objects:
        found = module_objects.get(name)
    return found


def lookup(name: str, custom_objects: dict | None = None):
    """A custom object by name (given dict, scopes, global table, bare class name), or None."""
    if not isinstance(name, str):
        return None
    tables = [custom_objects or {}, *reversed(_scope_stack()), _GLOBAL_CUSTOM_OBJECTS]
    for table in tables:
        if name in table:
            return table[name]
    if ">" in name:  # "package>Name" also matches an object passed as custom_objects={"Name": ...}
        bare = name.split(">", 1)[-1]
        for table in tables[:-1]:
            if bare in table:
                return table[bare]
    return None


def known_custom_names(custom_objects: dict | None = None) -> list[str]:
    """Every custom name visible now (for error messages)."""
    names = set(custom_objects or {}) | set(_GLOBAL_CUSTOM_OBJECTS)
    for scope in _scope_stack():
        names |= set(scope)
    return sorted(names)


def unknown_object_error(kind: str, name: str, custom_objects: dict | None = None) -> ValueError:
    """The error for a name nothing is registered under: which name, and how to register it."""
    bare = name.split(">", 1)[-1]
    return ValueError(
        f"Unknown {kind} {name!r} in the saved config: axon only rebuilds objects it knows by name, and runs no "
        f"code from files. Register it with @axon.saving.register_keras_serializable() on its definition, or pass "
        f"custom_objects={{'{bare}': {bare}}} (or use axon.saving.custom_object_scope). "
        f"Known custom objects: {known_custom_names(custom_objects) or 'none'}."
    )
