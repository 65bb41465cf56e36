"""French: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.fr.site import SITE
from training.project_corpus.languages.fr.text import TEXT

__all__ = ["SITE", "TEXT"]
