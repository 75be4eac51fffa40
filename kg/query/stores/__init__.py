"""The engines that answer SPARQL over the built graph."""
