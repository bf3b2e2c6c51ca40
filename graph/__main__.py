"""``python -m graph`` runs the ``crosswalk`` command line."""

from graph.cli import app

app(prog_name="crosswalk")
