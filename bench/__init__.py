"""Benchmarks of gptbot against baselines measured in the same run; `python -m bench [--quick]`."""
