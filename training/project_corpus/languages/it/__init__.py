"""Italian: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.it.site import SITE
from training.project_corpus.languages.it.text import TEXT

__all__ = ["SITE", "TEXT"]
