"""Pure-Python domain model: identifiers, catalogs, mappings and the relation algebra."""
