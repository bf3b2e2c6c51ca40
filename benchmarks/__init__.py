"""Benchmarks of KSB Crosswalk: ``make bench`` runs them and writes ``benchmarks/RESULTS.md``."""
