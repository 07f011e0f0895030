"""Benchmarks of indexing and search on synthetic manuals (see BENCHMARKS.md)."""
