"""Russian: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.ru.comments import COMMENTS
from training.project_corpus.languages.ru.heldout import HELDOUT
from training.project_corpus.languages.ru.portal import PORTAL
from training.project_corpus.languages.ru.site import SITE
from training.project_corpus.languages.ru.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
