"""``axon.explain`` (axon): seeing inside training.

- ``trace_step``: one gradient-descent step layer by layer, every forward
  value, local gradient of the chain rule and weight update, as a table;
- ``gradient_flow``: how much gradient reaches each layer (vanishing gradients);
- ``check_gradients``: a whole model's gradients against finite differences;
- ``layer_output``: what one layer of a model computes for some inputs;
- ``activation_derivatives`` / ``derivative_table``: an activation's first and
  second derivatives (by higher-order autodiff).
"""

from axon.explain.derivatives import activation_derivatives, derivative_table
from axon.explain.flow import gradient_flow
from axon.explain.losses import half_sse, sse
from axon.explain.numeric import check_gradients
from axon.explain.trace import LayerTrace, StepTrace, WeightUpdate, trace_step
from axon.explain.walk import layer_output

__all__ = ["LayerTrace", "StepTrace", "WeightUpdate", "check_gradients", "gradient_flow", "half_sse",
           "layer_output", "sse", "trace_step", "activation_derivatives", "derivative_table"]
