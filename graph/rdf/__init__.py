"""RDF model: extraction -> RDF mapping, instance IRIs, the ontology graphs, SHACL validation."""
