"""English: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.en.site import SITE
from training.project_corpus.languages.en.text import TEXT

__all__ = ["SITE", "TEXT"]
