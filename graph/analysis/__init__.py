"""Coverage analytics over the networkx view: one pure function per analysis."""
