"""Metric functions: canonical frames in, tidy frames or frozen dataclasses out."""
