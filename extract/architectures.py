"""Model architectures of Harbour's trained components (registered with spaCy by importing this module).

``harbour.MultiHashEmbedWithEne.v1`` embeds each token from its form, prefix, suffix, shape and Sudachi tag (as
``spacy.MultiHashEmbed.v2`` does) and, beside them, from the extended named-entity label GiNZA gave it
(``B-Company``, ``I-City``, ``O``): GiNZA already knows about 200 kinds of names, and the trained component learns
how they map onto the ontology's classes and the NER data's boundaries. The labels are read from
``doc.user_data[ENE_KEY]`` (one per token), which ``harbour_ner`` fills from ``doc.ents`` before it predicts.
"""

from __future__ import annotations

import numpy
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, with_array

ENE_KEY = "harbour_ene_iob"


def iob_labels(doc: Doc, spans: list[tuple[int, int, str]]) -> list[str]:
    """One label per token (B-/I-<label>, or O) from character spans."""
    labels = ["O"] * len(doc)
    for begin, end, label in spans:
        span = doc.char_span(begin, end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            labels[i] = ("B-" if i == span.start else "I-") + label
    return labels


def _ene_ids_forward(model: Model, docs: list[Doc], is_train: bool):
    out = []
    for doc in docs:
        labels = doc.user_data.get(ENE_KEY) or ["O"] * len(doc)
        ids = numpy.asarray([[get_string_id(label)] for label in labels], dtype="uint64").reshape((len(doc), 1))
        out.append(model.ops.asarray(ids, dtype="uint64"))
    return out, lambda d_out: []


def ene_ids() -> Model:
    return Model("ene_ids", _ene_ids_forward)


@registry.architectures("harbour.MultiHashEmbedWithEne.v1")
def multi_hash_embed_with_ene(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                              ene_width: int, ene_rows: int) -> Model:
    base = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    ene = chain(ene_ids(), with_array(HashEmbed(nO=ene_width, nV=ene_rows, column=0)))
    model = chain(concatenate(base, ene), with_array(Maxout(nO=width, nI=width + ene_width, nP=3, normalize=True)))
    model.set_dim("nO", width)
    return model
