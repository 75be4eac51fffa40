"""Step 3, the graph: facts to triples, the build, SHACL validation, and the files it writes."""
