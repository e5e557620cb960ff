"""Resolution decisions in the graph: `kb resolve` (docs/resolution.md, "Reviewing decisions").

- :mod:`kb.decisions.candidates` — Entities as :class:`kb.resolution.PartyRecord` s, and the pairs
  the matcher proposes that no decision covers yet;
- :mod:`kb.decisions.merge` — accept (merge), reject, undo and auto, each a ``:Resolution`` node.
"""
