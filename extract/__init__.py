"""Reading analyses and NLP extraction (knows nothing of RDF)."""
