"""Reverse-mode automatic differentiation: Tensor, Variable, the graph walk,
GradientTape and no_grad, and higher-order gradients (nested tapes,
``create_graph``, ``grad``, ``jacobian``, ``hessian``, ``hvp``)."""

from axon.autograd.functional import grad, hessian, hessians, hvp, jacobian, vjp
from axon.autograd.op import Op, enable_grad, is_grad_enabled, no_grad
from axon.autograd.tape import GradientTape, UnconnectedGradients
from axon.autograd.tensor import Tensor, Variable, constant, convert_to_tensor, tensor

__all__ = ["Op", "Tensor", "Variable", "GradientTape", "constant", "convert_to_tensor",
           "enable_grad", "is_grad_enabled", "no_grad", "tensor",
           "UnconnectedGradients", "grad", "hessian", "hessians", "hvp", "jacobian", "vjp"]
