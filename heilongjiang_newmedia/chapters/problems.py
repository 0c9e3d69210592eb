"""Chapter 4 (问题与成因): the public face of the chapter's library.

The work is split by responsibility: :mod:`problems_core` (the problem table, the inputs and the rating rule),
:mod:`problems_evidence` (observations for and against each problem, assembled per province),
:mod:`problems_display` (tables and charts in the reader's language) and :mod:`problems_causes` (the qualitative,
document-based discussion of the causes). Notebooks and chapter 6 import this module only.
"""
from heilongjiang_newmedia.chapters.problems_core import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.problems_core import __doc__ as RULES_DOC  # noqa: F401
from heilongjiang_newmedia.chapters.problems_core import _refs  # noqa: F401
from heilongjiang_newmedia.chapters.problems_evidence import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.problems_display import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.problems_causes import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.problems_prose import *  # noqa: F401,F403
