"""Holdspace: a facilitation companion for online therapy groups."""
