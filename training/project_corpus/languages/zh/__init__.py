"""Chinese (simplified): site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.zh.site import SITE
from training.project_corpus.languages.zh.text import TEXT

__all__ = ["SITE", "TEXT"]
