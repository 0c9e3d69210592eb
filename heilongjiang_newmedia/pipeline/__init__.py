"""The build engine: runner, cache, journal, kernels and render workers that turn notebooks into reports."""
