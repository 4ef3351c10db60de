"""Why a pair fits: the reasons shown beside each result, as codes.

The reasons restate the components and facts that the score used (the same
numbers, see :mod:`matching.scoring`): occupation, place, licence and other
requirements met, schedule, pay and the matched words. They are
:class:`matching.reasons.Reason` codes with parameters; the app says them in
the page's language. Reasons are cached, so explaining the 50 results of a
page costs well under a millisecond.

:func:`explain_rows` explains the seeker rows a ranking returned (components
recomputed from the index, vectorised); :func:`explain_pair` scores and
explains one pair from its documents (detail pages), through the same
occupation codes and districts the index would give them.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from matching import constraints, encoding, licences, regions, rescore, scoring
from matching import reasons as R
from matching.documents import Match, PostingDoc, SeekerDoc
from matching.reasons import Reason
from matching.text import normalise
from matching.words import shared_terms

if TYPE_CHECKING:
    from matching.matcher import Matcher

__all__ = ["reasons", "explain_rows", "explain_pair"]

_SCHEDULE_NAMES = ("full_time", "part_time", "flexible")

#: Posting requirements (flag or schedule bit) and the reason a seeker who meets them gets.
_FLAG_REASONS = (
    (constraints.HEALTH, Reason(R.HAS_HEALTH_CERTIFICATE, {})),
    (constraints.EBIKE, Reason(R.HAS_EBIKE, {})),
    (constraints.CAR, Reason(R.HAS_CAR, {})),
)
_SCHEDULE_REASONS = (
    (constraints.NIGHTS, Reason(R.WORKS_NIGHTS, {})),
    (constraints.WEEKENDS, Reason(R.WORKS_WEEKENDS, {})),
)
#: Hours a posting can require (hard constraints, outside the schedule component).
_HARD_HOURS = constraints.NIGHTS | constraints.WEEKENDS
_PAY_ABOVE_EXPECTATION = Reason(R.PAY_ABOVE_EXPECTATION, {})
_PAY_IN_RANGE = Reason(R.PAY_IN_RANGE, {})
_PAY_ABOVE_RANGE = Reason(R.PAY_ABOVE_RANGE, {})


@lru_cache(maxsize=256)
def _met_reasons(posting_flags: int, posting_schedule: int) -> tuple[Reason, ...]:
    """Reasons for the posting's requirements that an eligible seeker meets."""
    met = [r for flag, r in _FLAG_REASONS if posting_flags & flag]
    return (*met, *(r for bit, r in _SCHEDULE_REASONS if posting_schedule & bit))


@lru_cache(maxsize=64)
def _schedule_reason(shared_bits: int) -> Reason:
    shared = next(
        (n for n in _SCHEDULE_NAMES if shared_bits & constraints.AVAILABILITY_BIT[n]), None
    )
    return Reason(R.SCHEDULE_FITS, {"schedule": shared})


@lru_cache(maxsize=4096)
def _terms_reason(terms: tuple[str, ...]) -> Reason:
    return Reason(R.MATCHED_TERMS, {"terms": terms})


@lru_cache(maxsize=1024)
def _occupation_reason(seeker_code: str | None, value: float) -> Reason | None:
    if not seeker_code or value <= 0:
        return None
    code = R.OCCUPATION_MATCH if value >= 0.999 else R.OCCUPATION_RELATED
    return Reason(code, {"occupation": seeker_code})


@lru_cache(maxsize=4096)
def _location_reason(cls: str, posting_code: str | None, seeker_code: str | None) -> Reason | None:
    if cls == "same_district":
        return Reason(R.SAME_DISTRICT, {"district": seeker_code})
    if cls == "same_city":
        league = regions.league_of(seeker_code) or regions.league_of(posting_code)
        return Reason(R.SAME_CITY, {"city": league.code if league else None})
    if cls == "same_region":
        posting_league = regions.league_of(posting_code) if posting_code else None
        seeker_league = regions.league_of(seeker_code) if seeker_code else None
        return Reason(
            R.SAME_REGION,
            {
                "posting_city": posting_league.code if posting_league else None,
                "seeker_city": seeker_league.code if seeker_league else None,
            },
        )
    if cls == "outside":
        return Reason(R.OUTSIDE, {})
    return None


@lru_cache(maxsize=1024)
def _licence_reason(held: tuple[str, ...], required: str | None) -> Reason | None:
    if not required:
        return None
    need = licences.classes_covering(required)
    good = [c for c in licences.parse_classes(held) if c in need]
    if not good:
        return None
    return Reason(R.LICENCE_OK, {"licence": good[0]})


def _pay_reason(fit: float, expected: float, low: float, high: float) -> Reason | None:
    if math.isnan(expected) or (math.isnan(low) and math.isnan(high)):
        return None
    top = high if not math.isnan(high) else low
    if fit >= 1.0:
        if not math.isnan(low) and expected < low:
            return _PAY_ABOVE_EXPECTATION
        return _PAY_IN_RANGE
    if expected > top:
        return _PAY_ABOVE_RANGE
    return None


def reasons(
    components: dict[str, float],
    *,
    seeker_occ: str | None,
    proximity: str,
    posting_district: str | None,
    seeker_district: str | None,
    required_licence: str | None,
    held_licences: tuple[str, ...],
    posting_flags: int,
    posting_schedule: int,
    seeker_availability: int,
    expected: float,
    low: float,
    high: float,
    terms: tuple[str, ...],
    eligible: bool = True,
) -> tuple[Reason, ...]:
    """Reasons for one pair, most important first.

    ``posting_flags`` and ``posting_schedule`` are the posting's requirements
    and hours. Requirements met (licence, health certificate, vehicle, nights,
    weekends) are named only for an ``eligible`` pair. The hours fit only when
    the seeker also works the nights or weekends the posting needs: a page
    never says "工作时间合适" beside "需要周末能上班".

    >>> reasons({"occupation": 1.0, "schedule": 0.5, "pay": 0.5}, seeker_occ="D01",
    ...         proximity="same_district", posting_district="150105",
    ...         seeker_district="150105", required_licence=None, held_licences=(),
    ...         posting_flags=0, posting_schedule=0, seeker_availability=0,
    ...         expected=math.nan, low=math.nan, high=math.nan, terms=("骑手",))
    ... # doctest: +NORMALIZE_WHITESPACE
    (Reason(code='occupation_match', params={'occupation': 'D01'}),
     Reason(code='same_district', params={'district': '150105'}),
     Reason(code='matched_terms', params={'terms': ('骑手',)}))
    """
    out: list[Reason] = []
    found = _occupation_reason(seeker_occ, round(components["occupation"], 3))
    if found is not None:
        out.append(found)
    if eligible and required_licence:
        found = _licence_reason(tuple(held_licences), required_licence)
        if found is not None:
            out.append(found)
    if eligible and (posting_flags or posting_schedule):
        out += _met_reasons(posting_flags, posting_schedule)
    found = _location_reason(proximity, posting_district, seeker_district)
    if found is not None:
        out.append(found)
    hours_missing = posting_schedule & _HARD_HOURS & ~seeker_availability
    if components["schedule"] >= scoring.SCHEDULE_MATCH and not hours_missing:
        out.append(_schedule_reason(posting_schedule & seeker_availability))
    found = _pay_reason(components["pay"], expected, low, high)
    if found is not None:
        out.append(found)
    if terms:
        out.append(_terms_reason(tuple(terms)))
    return tuple(out)


def _held(mask: int) -> tuple[str, ...]:
    """Licence classes of a bitmask (:func:`matching.constraints.class_bits`)."""
    return tuple(c for c, b in constraints.class_bits().items() if mask & b)


def explain_rows(
    m: Matcher,
    prow: int,
    qd: np.ndarray,
    rows: np.ndarray,
    scores: np.ndarray,
    text: np.ndarray | None = None,
) -> list[Match]:
    """Match objects for seeker rows of one posting (components recomputed, vectorised).

    ``text`` is the text component of each row where it was rescored on the
    full texts (:mod:`matching.rescore`; NaN: the index's pruned one). The
    matched words are whole words of both full texts (:mod:`matching.words`).
    """
    if len(rows) == 0:
        return []
    p = m.postings_.arrays
    s = m.seekers_.arrays
    rows = np.asarray(rows, dtype=np.int64)
    terms = s["terms"][rows]
    contrib = qd[terms] * s["weights"][rows]
    text_pruned = contrib.sum(axis=1)
    if text is None:
        text = text_pruned
    else:
        text = np.asarray(text, np.float64)
        text = np.where(np.isnan(text), text_pruned, text)
    p_occ = int(p["occ"][prow])
    occ_tab = m._occ_tab(p_occ)
    s_occ = s["occ"][rows]
    occ_vals = np.where(s_occ >= 0, occ_tab[np.maximum(s_occ, 0)], -1.0)
    best = occ_vals.argmax(axis=1)
    occ = np.maximum(occ_vals.max(axis=1), 0.0)
    p_dist = int(p["dist"][prow])
    s_dist = s["dist"][rows]
    prox_names = scoring.PROXIMITY_CLASSES
    unknown = prox_names.index("unknown")
    if p_dist >= 0:
        prox = np.where(s_dist >= 0, m.districts_.prox[p_dist][np.maximum(s_dist, 0)], unknown)
    else:
        prox = np.full(len(rows), unknown)
    loc_values = np.array([scoring.LOCATION_SCORE[c] for c in prox_names], np.float32)
    loc = loc_values[prox]
    p_sched = int(p["sched"][prow])
    lo, hi = float(p["lo"][prow]), float(p["hi"][prow])
    p_flags = int(p["flags"][prow])
    doc = m.posting_docs_.get(int(p["ids"][prow]))
    required = doc.required_licence if doc else None
    p_dcode = m.districts_.codes[p_dist] if p_dist >= 0 else None
    dcodes = m.districts_.codes
    occ_codes = m.occupations_.codes
    n = len(rows)
    s_avail = s["avail"][rows].tolist()
    s_pay = s["pay"][rows].tolist()
    s_lic = s["lic"][rows].tolist()
    s_ids = s["ids"][rows].tolist()
    s_code = s_occ[np.arange(n), best].tolist()
    s_dist_l = s_dist.tolist()
    text_l, occ_l, loc_l = text.tolist(), occ.tolist(), loc.tolist()
    prox_l = prox.tolist()
    score_l = np.asarray(scores).tolist()
    # matched words: whole words of both full texts
    p_text = rescore.posting_text(m, prow)
    s_texts = m.texts_.get_many(rows)
    idf = m.word_stats_.idf_of
    # Seekers with the same facts and terms get the same words and reasons:
    # computed once per call (both functions are pure).
    words_memo: dict = {}
    reasons_memo: dict = {}
    schedule_fit, pay_fit = scoring.schedule_fit, scoring.pay_fit
    out = []
    for i in range(n):
        avail = s_avail[i]
        expected = s_pay[i]
        comp = {
            "text": text_l[i],
            "occupation": occ_l[i],
            "location": loc_l[i],
            "schedule": schedule_fit(p_sched, avail),
            "pay": pay_fit(expected, lo, hi),
        }
        s_text = s_texts[i]
        words = words_memo.get(s_text)
        if words is None:
            words = words_memo[s_text] = shared_terms(p_text, s_text, weight=idf)
        code_i = s_code[i]
        d = s_dist_l[i]
        held = s_lic[i] if required else 0
        key = (tuple(comp.values()), code_i, prox_l[i], d, held, avail, expected, words)
        found = reasons_memo.get(key)
        if found is None:
            found = reasons_memo[key] = reasons(
                comp,
                seeker_occ=occ_codes[code_i] if code_i >= 0 else None,
                proximity=prox_names[prox_l[i]],
                posting_district=p_dcode,
                seeker_district=dcodes[d] if d >= 0 else None,
                required_licence=required,
                held_licences=_held(held) if required else (),
                posting_flags=p_flags,
                posting_schedule=p_sched,
                seeker_availability=avail,
                expected=expected,
                low=lo,
                high=hi,
                terms=words,
            )
        out.append(Match(s_ids[i], score_l[i], comp, found, words))
    return out


def explain_pair(m: Matcher, posting: PostingDoc, seeker: SeekerDoc) -> Match:
    """Score and reasons for one pair, from the documents as given (detail pages).

    The occupation codes and the district are read as the index reads them
    (:mod:`matching.encoding`, with the fit's typo tolerance), so the score
    equals the ranked one. Eligibility is not part of the score; requirements
    met are named only for an eligible pair.
    """
    p_text = rescore.clip(normalise(posting.text))
    s_text = rescore.clip(normalise(seeker.text))
    if rescore.is_long_pair(p_text, s_text):
        text = float(rescore.seeker_text_scores(m, p_text, [s_text])[0])
    else:  # short texts: the index's pruned rows, as the ranking has them
        pt, pw = m.vectorizer_.transform_ell([normalise(posting.text)], m.posting_terms)
        st, sw = m.vectorizer_.transform_ell([normalise(seeker.text)], m.seeker_terms)
        text = float((m._dense(pt[0], pw[0])[st[0]] * sw[0]).sum())
    occ_index = m.occupations_.index
    p_code = encoding.occupation_code_of_posting(posting)
    p_occ = occ_index.get(p_code, -1) if p_code else -1
    occ_tab = m._occ_tab(p_occ)
    occ, best = 0.0, None
    for o in encoding.seeker_occupation_ids(seeker, occ_index, m.fuzzy_codes_):
        v = float(occ_tab[o])
        if best is None or v > occ:
            occ, best = v, m.occupations_.codes[o]
    s_district = encoding.district_of_seeker(seeker)
    prox = regions.proximity(posting.district_code, s_district)
    p_sched = constraints.availability_mask(posting.schedule)
    avail = constraints.availability_mask(seeker.availability)
    expected = scoring.monthly(seeker.pay_amount, seeker.pay_unit)
    lo = scoring.monthly(posting.pay_min, posting.pay_unit)
    hi = scoring.monthly(posting.pay_max, posting.pay_unit)
    comp = {
        "text": text,
        "occupation": max(occ, 0.0),
        "location": scoring.location_score(prox),
        "schedule": scoring.schedule_fit(p_sched, avail),
        "pay": scoring.pay_fit(expected, lo, hi),
    }
    w = m.weights_
    score = sum(float(w[i]) * comp[c] for i, c in enumerate(scoring.COMPONENTS))
    words = shared_terms(p_text, s_text, weight=m.word_stats_.idf_of)
    eligible = constraints.eligibility(posting, seeker, m.as_of).eligible
    found = reasons(
        comp,
        seeker_occ=best,
        proximity=prox,
        posting_district=posting.district_code,
        seeker_district=s_district,
        required_licence=posting.required_licence,
        held_licences=tuple(seeker.licences),
        posting_flags=constraints.posting_flags(posting),
        posting_schedule=p_sched,
        seeker_availability=avail,
        expected=expected,
        low=lo,
        high=hi,
        terms=words,
        eligible=eligible,
    )
    return Match(seeker.id, float(score), comp, found, words)
