"""kb: a Neo4j knowledge base for export-control and sanctions ownership exposure."""

__version__ = "0.1.0"
