"""The benchmark harness: the GraphQL service against the bare Cypher it sends, on graphs of growing size."""
