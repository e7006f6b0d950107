"""Benchmarks: fan-out latency and scale (run.py), clock agreement (clock.py), peers (peers/)."""
