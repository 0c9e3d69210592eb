"""Government new media in Heilongjiang: cited data, indicators, MCDA and chapter reports."""
__version__ = "0.1.0"
