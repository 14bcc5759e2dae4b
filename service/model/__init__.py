"""The model registry: every node type, property, relationship and enum of the partner graph, declared once."""
