"""The HTTP service: REST under /api/v1, SPARQL at /sparql, health at the root."""
