"""Data in and out: CSV and IATI import, GraphML/GEXF/CSV/JSON export, logical dump and restore."""
