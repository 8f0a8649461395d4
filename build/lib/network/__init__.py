"""China energy-water-compute network model built on PyPSA."""

import pypsa

# keep PyPSA's current behaviour explicit (silences its pandas-3 string dtype warning)
pypsa.options.api.legacy_string_dtype = True
