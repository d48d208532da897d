"""Tests of the differentiable ops in axon.ops."""
