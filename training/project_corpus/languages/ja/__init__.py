"""Japanese: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.ja.site import SITE
from training.project_corpus.languages.ja.text import TEXT

__all__ = ["SITE", "TEXT"]
