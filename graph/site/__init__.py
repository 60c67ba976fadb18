"""Readers' views: the interactive topic map, reader paths and the static site."""
