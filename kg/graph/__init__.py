"""Step 3, the graph: IRIs (iris), facts to triples (rdf), the build that reads its inputs once
(build), SHACL validation (validate) and the quote check (quotes), and the files it writes."""
