"""The snapshot format: a fitted matcher in one .npz file, and back.

Every store column (``s_*`` seekers, ``p_*`` postings), the seekers' full
texts (``t_*``, mapped from the file by a load rather than read), the vectorizer's
vocabulary (``v_*``) and the weights as arrays; everything else (parameters,
district and occupation tables, free rows, the posting documents) as JSON in
the ``meta`` array. A file of another :data:`FORMAT` is refused: rebuild.
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from matching.columns import Columns, IdMap, release_free_memory
from matching.documents import PostingDoc
from matching.ngrams import CharNgrams
from matching.rescore import TextStore, WordStats
from matching.tables import DistrictTable, OccupationTable

if TYPE_CHECKING:
    from matching.matcher import Matcher

__all__ = ["FORMAT", "save", "load"]

#: 2: seeker term ids in uint16 when the vocabulary allows.
#: 3: the seekers' full texts (``t_*``) and the word statistics (``w_*``) for rescoring.
#: 4: the same arrays, but the texts are mapped from the file by a load (stored
#: uncompressed, so a format-3 file is refused rather than read into memory).
FORMAT = 4
#: Arrays that a load maps from the file instead of reading (read-only).
MAPPED = ("t_arena", "t_starts", "t_lens")


def save(m: Matcher, path: str | os.PathLike) -> None:
    """Write the fitted matcher ``m`` to ``path`` (written atomically)."""
    path = os.fspath(path)
    arrays: dict[str, np.ndarray] = {}
    for prefix, cols in (("s_", m.seekers_), ("p_", m.postings_)):
        for name, arr in cols.arrays.items():
            arrays[prefix + name] = arr[: cols.n]
    v = m.vectorizer_
    arrays["v_chars"] = v.chars_
    arrays["v_keys"] = v.vocabulary_keys_
    arrays["v_idf"] = v.idf_
    arrays["weights"] = m.weights_
    for name, arr in m.texts_.arrays(m.seekers_.n).items():
        arrays["t_" + name] = arr
    for name, arr in m.word_stats_.arrays().items():
        arrays["w_" + name] = arr
    meta = {
        "format": FORMAT,
        "params": {
            "weights": m.weights,
            "ngram_range": list(m.ngram_range),
            "seeker_terms": m.seeker_terms,
            "posting_terms": m.posting_terms,
            "vocab_sample": m.vocab_sample,
            "n_jobs": m.n_jobs,
            "fuzzy_limit": m.fuzzy_limit,
            "as_of": m.as_of.isoformat() if m.as_of else None,
            "rescore_depth": m.rescore_depth,
        },
        "char_bits": v.char_bits_,
        "version": m.version_,
        "fuzzy_codes": m.fuzzy_codes_,
        "districts": m.districts_.codes,
        "occupations": list(m.occupations_.codes),
        "seeker_free": m.seekers_.free,
        "posting_free": m.postings_.free,
        "postings": [posting_json(d) for d in m.posting_docs_.values()],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, path)


def load(cls: type[Matcher], path: str | os.PathLike) -> Matcher:
    """A ``cls`` instance read from a file written by :func:`save` (of this format)."""
    path = os.fspath(path)
    with np.load(path, allow_pickle=False) as z:
        # Arrays are read one at a time straight into the columns, so a load
        # never holds two copies of the seekers.
        return _from_npz(cls, z, path)


def _mapped(path: str, z, name: str) -> np.ndarray:
    """Member ``name`` of the .npz ``z`` (at ``path``) mapped read-only from the file.

    ``np.savez`` stores members uncompressed, so a member's .npy data lies at a
    fixed offset in the file; a compressed member is read instead. A snapshot
    is replaced by a rename (:func:`save`), never rewritten in place, so a map
    stays valid while a newer snapshot is written.
    """
    import zipfile

    info = z.zip.getinfo(name + ".npy")
    if info.compress_type != zipfile.ZIP_STORED:
        return z[name]
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        if header[:4] != b"PK\x03\x04":
            raise ValueError(f"index file: bad zip entry {name}")
        n_name = int.from_bytes(header[26:28], "little")
        n_extra = int.from_bytes(header[28:30], "little")
        fh.seek(info.header_offset + 30 + n_name + n_extra)
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
        offset = fh.tell()
    if fortran or dtype.hasobject or len(shape) != 1:
        return z[name]
    if shape[0] == 0:
        return np.zeros(shape, dtype)
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape)


def _from_npz(cls: type[Matcher], z, path: str) -> Matcher:
    meta = json.loads(bytes(z["meta"]).decode())
    if meta.get("format") != FORMAT:
        raise ValueError(
            f"index file has format {meta.get('format')!r}, this version reads "
            f"format {FORMAT}; rebuild the index"
        )
    params = meta["params"]
    params["ngram_range"] = tuple(params["ngram_range"])
    if params.get("as_of"):
        params["as_of"] = date.fromisoformat(params["as_of"])
    m = cls(**params)
    m.weights_ = z["weights"]
    m.occupations_ = OccupationTable()
    if list(m.occupations_.codes) != meta["occupations"]:
        raise ValueError("the occupation taxonomy changed since the index was saved; rebuild")
    m.districts_ = DistrictTable(meta["districts"])
    v = CharNgrams(ngram_range=m.ngram_range)  # the fitted table; no scikit-learn
    v.chars_ = z["v_chars"]
    v.vocabulary_keys_ = z["v_keys"]
    v.idf_ = z["v_idf"]
    v.char_bits_ = meta["char_bits"]
    v.n_features_ = len(v.vocabulary_keys_)
    v._build_char_table()
    m.vectorizer_ = v
    m.n_features_ = len(v.vocabulary_keys_)
    m._term_names = {}
    m.fuzzy_codes_ = meta["fuzzy_codes"]
    ids = z["s_ids"]
    n_s = len(ids)
    m.seekers_ = Columns(m._seeker_spec(), capacity=n_s + max(1024, n_s // 32))
    for name, arr in m.seekers_.arrays.items():
        arr[:n_s] = ids if name == "ids" else z["s_" + name]
    del ids
    m.seekers_.n = n_s
    m.seekers_.free = list(meta["seeker_free"])
    m.texts_ = TextStore.from_arrays(
        *(_mapped(path, z, name) for name in MAPPED), m.seekers_.capacity, mapped=True
    )
    m.word_stats_ = WordStats.from_arrays(z["w_words"], z["w_idf"], z["w_meta"])
    ids = m.seekers_.arrays["ids"][:n_s]
    live = ids >= 0
    m.seeker_rows_ = IdMap()
    m.seeker_rows_.set_many(ids[live], np.flatnonzero(live))
    del live
    m._index_seekers()
    n_p = len(z["p_ids"])
    m.postings_ = Columns(m._posting_spec(), capacity=n_p + 256)
    for name, arr in m.postings_.arrays.items():
        arr[:n_p] = z["p_" + name]
    m.postings_.n = n_p
    m.postings_.free = list(meta["posting_free"])
    pids = m.postings_.arrays["ids"][:n_p]
    plive = pids >= 0
    m.posting_rows_ = IdMap()
    m.posting_rows_.set_many(pids[plive], np.flatnonzero(plive))
    m.posting_docs_ = {}
    for d in meta["postings"]:
        doc = posting_from_json(d)
        m.posting_docs_[doc.id] = doc
    m.version_ = int(meta["version"])
    release_free_memory()
    return m


def posting_json(doc: PostingDoc) -> dict:
    """A posting document as plain JSON values."""
    return {
        "id": doc.id,
        "text": doc.text,
        "occupation_code": doc.occupation_code,
        "district_code": doc.district_code,
        "required_licence": doc.required_licence,
        "min_age": doc.min_age,
        "needs_health_certificate": doc.needs_health_certificate,
        "needs_vehicle": doc.needs_vehicle,
        "schedule": sorted(doc.schedule),
        "pay_min": doc.pay_min,
        "pay_max": doc.pay_max,
        "pay_unit": doc.pay_unit,
        "open": doc.open,
    }


def posting_from_json(d: dict) -> PostingDoc:
    """The posting document of :func:`posting_json`.

    >>> doc = PostingDoc(7, "骑手", schedule=frozenset({"nights"}))
    >>> posting_from_json(json.loads(json.dumps(posting_json(doc)))) == doc
    True
    """
    d = dict(d)
    d["schedule"] = frozenset(d["schedule"])
    return PostingDoc(**d)
