"""The model: vocabulary, tidy tables, the RDF build, its shapes and their checks."""
