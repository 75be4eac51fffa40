"""Expectations about the named queries in queries/, written by hand, shared by the tests of
the CLI and of the HTTP service."""

# judgments.rq's columns, in order.
JUDGMENT_COLUMNS = [
    "force",
    "year",
    "programme",
    "question",
    "theme",
    "grade",
    "overall",
    "evidence",
    # What each row is about and the fact whose evidence it is, for the web page's links.
    "force_iri",
    "question_iri",
    "theme_iri",
    "grade_iri",
    "evidence_iri",
]
