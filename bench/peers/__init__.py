"""Bare websocket broadcasters: the floor Holdspace's fan-out is measured against (bench/run.py)."""
