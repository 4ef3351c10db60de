"""Use cases: the rules of the domain, each in one place."""
