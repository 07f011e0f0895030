"""Load, validate and analyse the manual, and write the search index."""
