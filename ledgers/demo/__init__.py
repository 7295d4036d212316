"""Demo data of the ledgers and the overview, imported only by the `seed_demo` command."""
