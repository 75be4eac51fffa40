"""Step 4, querying: the guard, parameters (the binder), named queries, formats (the one
registry) and results, the stores (rdflib, Oxigraph, a remote SPARQL server), and the backends
the service runs jobs on (kg.query.jobs): worker processes, or the remote store."""
