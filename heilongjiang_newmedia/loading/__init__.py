"""Data access: the cited source tables (datasets), regions, project paths and the researcher's own files (account
inventory, citizen survey with its codebook, XLSX input). Imports nothing above it."""
