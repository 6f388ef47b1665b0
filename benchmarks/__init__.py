"""Benchmarks of the suite's heavy steps: `python -m benchmarks` runs every bench_*.py module."""
