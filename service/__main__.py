"""`python -m service` runs the partnernet CLI."""

from service.cli.main import main

main()
