"""Spanish: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.es.comments import COMMENTS
from training.project_corpus.languages.es.heldout import HELDOUT
from training.project_corpus.languages.es.portal import PORTAL
from training.project_corpus.languages.es.site import SITE
from training.project_corpus.languages.es.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
