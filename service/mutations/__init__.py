"""Editing the graph: typed create/update/delete of entities and links, each one audited transaction."""
