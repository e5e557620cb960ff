"""Pictures of the evidence behind ``kb exposure``: ``--graph FILE.html|.svg|.png``."""

from kb.exposure.picture.model import check, save

__all__ = ["check", "save"]
