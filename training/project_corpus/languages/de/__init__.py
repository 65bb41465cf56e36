"""German: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.de.site import SITE
from training.project_corpus.languages.de.text import TEXT

__all__ = ["SITE", "TEXT"]
