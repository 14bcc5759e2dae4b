"""The read API's GraphQL types: every node kind, connections, filters, sorting, search and statistics."""
