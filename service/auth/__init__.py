"""Bearer tokens (signed JWTs and hashed API keys), role checks and the privacy rule for sensitive organisations."""
