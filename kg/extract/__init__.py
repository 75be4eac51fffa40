"""Step 2, extraction: structure, report facts, entities, relations, links and statistics, read
from a source document as plain facts (kg.facts), with no RDF."""
