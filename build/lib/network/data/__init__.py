"""Data layer: readers and validation of the files in inputs/ (InputError names file, row and field)."""
