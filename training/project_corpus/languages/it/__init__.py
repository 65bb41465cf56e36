"""Italian: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.it.comments import COMMENTS
from training.project_corpus.languages.it.heldout import HELDOUT
from training.project_corpus.languages.it.portal import PORTAL
from training.project_corpus.languages.it.site import SITE
from training.project_corpus.languages.it.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
