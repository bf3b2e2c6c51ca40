"""The ``crosswalk`` command line: a thin layer over the package's functions.

One small module per command group; each command parses its options and calls a plain
function. Every command turns a :class:`~graph.errors.CrosswalkError` (or a missing file)
into one line on stderr and a non-zero exit; no traceback reaches the user.
"""

from graph.cli import (  # noqa: F401 (registers commands)
    analysis,
    facts,
    interop,
    pipeline,
    sparql,
    standard,
)
from graph.cli.common import app

__all__ = ["app"]
