"""Russian: site furniture in ``site.py``, written prose in ``text.py``."""

from training.project_corpus.languages.ru.site import SITE
from training.project_corpus.languages.ru.text import TEXT

__all__ = ["SITE", "TEXT"]
