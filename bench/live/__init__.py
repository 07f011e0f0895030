"""Helpers that the tests and the benchmark share: live servers and the browser."""
