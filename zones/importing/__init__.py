"""The zones app's import kinds (``specs``: sources, provinces, prefectures, industries, zones,
statistics) and the lookups every app's kinds resolve codes and names with (``lookups``). The pipeline
itself is the imports app's (``imports/``); see its package docstring for the contract."""
