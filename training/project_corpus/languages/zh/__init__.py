"""Chinese (simplified): site furniture, train prose, held-out prose, portal furniture, comment widgets."""

from training.project_corpus.languages.zh.comments import COMMENTS
from training.project_corpus.languages.zh.heldout import HELDOUT
from training.project_corpus.languages.zh.portal import PORTAL
from training.project_corpus.languages.zh.site import SITE
from training.project_corpus.languages.zh.text import TEXT

__all__ = ["COMMENTS", "HELDOUT", "PORTAL", "SITE", "TEXT"]
