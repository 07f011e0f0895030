"""The manual as files: read, validate and model procedures, glossaries and history."""
