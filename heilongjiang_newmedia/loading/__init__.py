"""Data access: the cited source tables (datasets), regions and project paths. Imports nothing above it."""
