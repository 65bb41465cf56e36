"""Korean: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.ko.site import SITE
from training.project_corpus.languages.ko.text import TEXT

__all__ = ["SITE", "TEXT"]
