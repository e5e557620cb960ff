"""Ownership as the sources state it (:mod:`.structure`: owner and subsidiary trees, paths) and
effective ownership (:mod:`.effective`: stakes multiplied along paths). Information only: no
sanctions rule reads any of it; the rules are kb.exposure's (docs/rules.md).
"""
