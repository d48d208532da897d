"""Benchmarks: `python -m bench.ops` times the core ops against NumPy."""
