"""The `partnernet` command line: `main` assembles one sub-command per noun; `common` is what they all share."""
