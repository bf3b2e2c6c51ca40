"""One importer per source format: raw text in, tidy tables (``graph.model.tables``) out.

The five source documents each have their own; uploads (``upload``) come in as the import
template (``template``) or SSSOM TSV (``sssom_tsv``), checked by :mod:`graph.interop.importer`.
"""
