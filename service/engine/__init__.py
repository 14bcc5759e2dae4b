"""The query engine: a selection becomes one Cypher statement (reads, network answers, mutation payloads)."""
