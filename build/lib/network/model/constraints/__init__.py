"""Custom linopy constraints, one module each, added in `extra_functionality` (maths in each docstring)."""
