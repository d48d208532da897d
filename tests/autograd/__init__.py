"""Tests of Tensor, Variable, the graph engine and GradientTape."""
