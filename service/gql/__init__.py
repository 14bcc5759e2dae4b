"""The GraphQL layer: the Strawberry schema built from the registry, and the one pipeline every request takes."""
