"""Training runs: setups, the scalar and fast-path steps, and their history."""
