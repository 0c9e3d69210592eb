"""Chapter analyses: one module per thesis chapter, pure functions over DataFrames built on loading and methods."""
