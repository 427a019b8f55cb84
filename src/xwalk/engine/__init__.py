"""Answers from the graph: catalog, coverage, gaps, classification. Talks to the Store protocol."""
