"""partnernet: a GraphQL API over a Neo4j graph of Council of Europe co-operation partnerships."""

__version__ = "0.1.0"
