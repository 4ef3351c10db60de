"""The matcher: text normalisation, reference data and ranking.

Plain Python and scikit-learn only: nothing here imports Flask, SQLAlchemy,
``jobfair`` or ``models``.
"""
