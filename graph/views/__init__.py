"""Researchers' views over the store: snapshot, name resolution, actor graphs, analytics."""
