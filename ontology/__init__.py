"""Domain knowledge as data: ontology, shapes, gazetteer, mechanism and relation schemes."""
