"""Network analysis: country links, cross-border partners, brokers, gaps, suggested partners and changes."""
