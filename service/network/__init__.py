"""Cross-border network queries (issue 6): paths, neighbourhoods, shared partners, country links, and more."""
