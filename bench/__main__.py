"""`python -m bench`: run the benchmark harness (see bench/README.md)."""

from bench.cli import main

main()
