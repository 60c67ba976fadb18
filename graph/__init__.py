"""Everything after extraction: RDF mapping, the store, NetworkX views, queries, export."""
