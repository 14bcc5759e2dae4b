"""The change log: what `auditLog` reads and the `graphChanged` subscription tails (across service instances)."""
