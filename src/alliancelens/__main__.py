"""``python -m alliancelens`` runs the command line."""

from alliancelens.cli import main

main()
