"""Oxigraph aborts the process on ORDER BY over numbers mixed with text: a minimal reproducer.

pyoxigraph 0.5.13 (Oxigraph's spareval), Python 3.11, Linux x86_64. Run it:

    python bench/engine-bugs/order_by_mixed_panic.py

Expected: the 33 values in SPARQL's order (numbers and strings are not comparable with each
other; SPARQL 1.1 section 15.1 leaves their relative order to the implementation, but it must
still be an order). Got: the process aborts (SIGABRT, exit status 134) with

    thread '<unnamed>' panicked at .../core/src/slice/sort/shared/smallsort.rs:854:5:
    user-provided comparison function does not correctly implement a total order

The comparator ORDER BY uses is not a total order on a mix of xsd:integer, xsd:decimal and
xsd:string literals (numbers compare by value, a string against a number otherwise, which is not
transitive), and Rust's sort (since 1.81) panics when it detects that; the panic is not caught,
so the whole process (here, a query worker of the service) dies. The 33 values are those of the
seed graph's `SELECT * { ?s ?p ?o } ORDER BY ?o`, reduced by delta debugging (each one is
needed). Upstream: https://github.com/oxigraph/oxigraph/issues (to be filed with this file).
"""

import pyoxigraph as ox

VALUES = [
    '"-3.2"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"-3.7"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"-3.7pp"',
    '"-5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"-7"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"14382"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14383"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14410"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14548"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14669"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14754"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14766"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14829"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"14841"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"1489"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15331"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15352"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15356"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15375"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15377"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15381"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15447"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15448"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15453"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15456"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15470"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15472"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15473"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15478"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"155"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"1555"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"15556"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"1574"^^<http://www.w3.org/2001/XMLSchema#integer>',
]

data = "".join(
    f"<http://example.org/s{i}> <http://example.org/p> {v} .\n" for i, v in enumerate(VALUES)
)
store = ox.Store()
store.load(data, format=ox.RdfFormat.N_TRIPLES)
print(ox.__version__ if hasattr(ox, "__version__") else "pyoxigraph")
rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"))
print(f"sorted {len(rows)} values: no crash")
