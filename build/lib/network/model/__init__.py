"""Model layer: the PyPSA network of a scenario (components, custom constraints) and its solve."""
