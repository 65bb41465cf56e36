"""Portuguese: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.pt.site import SITE
from training.project_corpus.languages.pt.text import TEXT

__all__ = ["SITE", "TEXT"]
