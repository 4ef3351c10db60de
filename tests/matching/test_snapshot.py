"""The snapshot file: what is saved comes back, another format is refused."""

import json

import numpy as np
import pytest

from matching import snapshot
from matching.documents import PostingDoc, SeekerDoc
from matching.matcher import Matcher


@pytest.fixture
def fitted():
    seekers = [SeekerDoc(i, "外卖骑手", occupation_codes=("D01",)) for i in range(1, 30)]
    return Matcher(n_jobs=1).fit(seekers, [PostingDoc(7, "骑手", schedule=frozenset({"nights"}))])


def test_round_trip(fitted, tmp_path):
    path = tmp_path / "index.npz"
    fitted.save(path)
    loaded = Matcher.load(path)
    assert loaded.posting_docs_ == fitted.posting_docs_
    assert loaded.version_ == fitted.version_
    assert [(m.id, m.score) for m in loaded.rank_seekers(7)[0]] == [
        (m.id, m.score) for m in fitted.rank_seekers(7)[0]
    ]


def test_other_format_refused(fitted, tmp_path):
    path = tmp_path / "index.npz"
    snapshot.save(fitted, path)
    with np.load(path) as z:
        data = {k: z[k] for k in z.files}
    meta = json.loads(bytes(data["meta"]).decode())
    meta["format"] = snapshot.FORMAT + 1
    data["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with open(path, "wb") as fh:
        np.savez(fh, **data)
    with pytest.raises(ValueError, match="rebuild"):
        snapshot.load(Matcher, path)
