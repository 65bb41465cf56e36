"""German: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.de.comments import COMMENTS
from training.project_corpus.languages.de.heldout import HELDOUT
from training.project_corpus.languages.de.portal import PORTAL
from training.project_corpus.languages.de.site import SITE
from training.project_corpus.languages.de.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
