"""Parse queries, rank procedures, cut snippets, and answer the HTTP API."""
