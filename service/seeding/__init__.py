"""Seed files: validation, the idempotent one-transaction loader and the synthetic graph generator."""
