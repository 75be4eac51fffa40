"""The project's errors: one base class whose message says what went wrong and where."""


class KgError(Exception):
    """A problem the user can fix: bad input, a missing file, a failed check."""


class InputSyntaxError(KgError):
    """A file that does not parse, with the file, line and column."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str):
        self.source, self.line, self.column = source, line, column
        where = source
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}")
