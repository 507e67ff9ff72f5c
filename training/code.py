"""Code `spacy train` loads for Harbour's NER model (``--code training/code.py``): the architectures, and a corpus
reader that gives each training sentence the labels GiNZA's own NER put on it (see extract/architectures.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

from harbour.extract.architectures import ENE_KEY, iob_labels  # noqa: F401  (registers the architectures)


@registry.readers("harbour.NerWithEne.v1")
def ner_with_ene(path: Path, ene: Path) -> Callable[[Language], Iterable[Example]]:
    labels_by_text = json.loads(Path(ene).read_text(encoding="utf-8"))

    def read(nlp: Language) -> Iterable[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = nlp.make_doc(reference.text)
            predicted.user_data[ENE_KEY] = iob_labels(predicted, labels_by_text.get(reference.text, []))
            yield Example(predicted, reference)

    return read
