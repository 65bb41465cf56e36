"""Spanish: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.es.site import SITE
from training.project_corpus.languages.es.text import TEXT

__all__ = ["SITE", "TEXT"]
