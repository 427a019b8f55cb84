"""Writers that turn the graph into the formats other tools read."""
