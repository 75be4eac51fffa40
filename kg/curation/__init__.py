"""Curation: hand-written triples checked, logged as submissions and reverts, and joined to the
graph."""
