"""The stores behind the graph: back ends, build cache, endpoints, publishing, safe SPARQL.

Also the query library (``ontology/queries``).
"""
