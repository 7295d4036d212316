"""Demo data of the union tree, imported only by the `seed_demo` and `seed_scale` commands."""

DEMO_PASSWORD = "Demo-2026"
