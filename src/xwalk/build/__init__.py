"""Sources to graph: read, check, rdfize, derive, validate, write dist/."""
