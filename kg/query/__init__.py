"""Step 4, querying: the guard, parameters, named queries, result formats, the stores (rdflib,
Oxigraph, a remote SPARQL server) and the worker processes."""
