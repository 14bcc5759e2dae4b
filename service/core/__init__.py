"""Below everything: the error hierarchy, typed settings and the request context."""
