"""Benchmarks (make bench); never part of the product or of the test suite."""
