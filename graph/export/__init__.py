"""Exports: the RDF dataset in standard formats, the actor graph for Gephi, Neo4j and pandas."""
