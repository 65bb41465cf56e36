"""English: site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.en.comments import COMMENTS
from training.project_corpus.languages.en.heldout import HELDOUT
from training.project_corpus.languages.en.portal import PORTAL
from training.project_corpus.languages.en.site import SITE
from training.project_corpus.languages.en.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
