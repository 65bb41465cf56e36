"""French: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.fr.comments import COMMENTS
from training.project_corpus.languages.fr.heldout import HELDOUT
from training.project_corpus.languages.fr.portal import PORTAL
from training.project_corpus.languages.fr.site import SITE
from training.project_corpus.languages.fr.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
