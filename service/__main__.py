"""`python -m service` runs the partnernet CLI."""

from service.cli import main

main()
