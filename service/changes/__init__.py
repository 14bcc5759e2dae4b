"""The change log: `auditLog` reads it, the `graphChanged` subscription tails it (across service instances)."""
