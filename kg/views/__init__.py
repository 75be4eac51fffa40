"""Views of the built graph: exports as nodes and edges, the node view with its evidence, and the
evaluation against the gold files."""
