"""The character n-gram TF-IDF: the same terms as the Python reference, scikit-learn's idf."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import NotFittedError

from matching.vectorizer import CharNgramTfidf, ell_to_csr, python_ngrams

TEXTS = ["外卖 骑手 送餐", "快递员 派件", "货车司机 b2", "外卖骑手", "直播 带货 主播"]


def test_ngrams_never_span_a_space():
    grams = python_ngrams("外卖 骑手", (1, 2))
    assert sorted(grams) == sorted(["外", "卖", "骑", "手", "外卖", "骑手"])


def test_matches_scikit_learn_char_tfidf():
    ours = CharNgramTfidf(ngram_range=(1, 2)).fit(TEXTS)
    ref = TfidfVectorizer(
        analyzer=lambda t: python_ngrams(t, (1, 2)), sublinear_tf=True, dtype=np.float32
    ).fit(TEXTS)
    got = ours.transform(TEXTS)
    want = ref.transform(TEXTS)
    names = list(ours.get_feature_names_out())
    order = [list(ref.get_feature_names_out()).index(n) for n in names]
    np.testing.assert_allclose(got.toarray(), want.toarray()[:, order], atol=1e-6)


def test_ell_rows_hold_the_strongest_terms_renormalised():
    v = CharNgramTfidf(ngram_range=(1, 2)).fit(TEXTS)
    terms, weights = v.transform_ell(TEXTS, 3)
    assert terms.shape == (len(TEXTS), 3) and weights.shape == terms.shape
    norms = np.sqrt((weights**2).sum(axis=1))
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)
    m = ell_to_csr(terms, weights, len(v.vocabulary_keys_))
    assert m.shape == (len(TEXTS), len(v.vocabulary_keys_))
    assert v.feature_name(int(terms[3, 0])) in python_ngrams(TEXTS[3], (1, 2))


def test_not_fitted():
    with pytest.raises(NotFittedError):
        CharNgramTfidf().transform(TEXTS)
