"""The engines that answer SPARQL over the built graph, each a kg.query.stores.base.QueryStore:
rdflib (rdflib_store.RdflibStore), Oxigraph (oxigraph_store.OxigraphStore) and a SPARQL 1.1
server (remote_store.RemoteStore)."""
