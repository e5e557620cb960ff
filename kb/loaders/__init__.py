"""Loaders: read a source, validate it, and write it to the graph with provenance."""
