"""Writing a :class:`~kb.loaders.dataset.Dataset` to the graph: resolve its entities, diff it against
what its source said before, write what changed, close what it no longer holds, record the run."""
