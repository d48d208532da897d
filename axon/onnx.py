"""``axon.onnx`` (axon): export models to ONNX for inference elsewhere.

``axon.onnx.export(model, "model.onnx")`` (or ``model.export("model.onnx",
format="onnx")``) writes a Sequential or functional model as an ONNX graph that
ONNX Runtime and other runtimes run; needs ``pip install 'axon[onnx]'``.
"""

from axon.io.onnx_export import DEFAULT_OPSET, NotExportable, export, to_onnx

__all__ = ["DEFAULT_OPSET", "NotExportable", "export", "to_onnx"]
