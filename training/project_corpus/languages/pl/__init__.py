"""Polish: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.pl.site import SITE
from training.project_corpus.languages.pl.text import TEXT

__all__ = ["SITE", "TEXT"]
