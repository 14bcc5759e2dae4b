"""Editing the graph: every mutation validated against the registry and run as one audited transaction."""
