"""Portuguese (Brazilian): site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.pt.comments import COMMENTS
from training.project_corpus.languages.pt.heldout import HELDOUT
from training.project_corpus.languages.pt.portal import PORTAL
from training.project_corpus.languages.pt.site import SITE
from training.project_corpus.languages.pt.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
