"""The store: embedded Oxigraph or a SPARQL endpoint, SPARQL queries, ingest, statistics."""
