"""Errors a user can act on. The CLI prints their message on one line and exits non-zero."""


class CrosswalkError(Exception):
    """A problem with the user's input or data, stated in one line (file, row, column)."""


class InputError(CrosswalkError):
    """A file is missing, unreadable, or has a bad row or column."""


class ValidationError(CrosswalkError):
    """The built graph does not conform to the SHACL shapes."""


class UnknownItemError(CrosswalkError, ValueError):
    """A notation or key names no item of the graph."""
