"""kb's own local Neo4j Community server, built from the jars Neo4j publishes on Maven Central."""
