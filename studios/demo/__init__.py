"""Demo and scale data of the studios, imported only by the `seed_demo` and `seed_scale` commands."""
