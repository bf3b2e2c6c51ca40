"""One importer per source format: raw text in, tidy tables (``graph.tables``) out."""
