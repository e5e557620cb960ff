"""The source formats ``kb load`` reads, one module or package each.

Each exposes ``SOURCE`` (a :class:`~kb.loaders.dataset.SourceInfo`) and ``parse(path) -> Dataset``;
a parser reads and validates, and writes nothing.
"""
