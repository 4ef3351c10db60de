"""The examples in matching/'s docstrings run, and still say what the code does.

Collected here (one test per module) so that ``pytest tests`` runs them
without a project-wide ``--doctest-modules``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import matching

MODULES = sorted(m.name for m in pkgutil.iter_modules(matching.__path__, "matching."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name, globs=dict(vars(module))):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_examples_exist():
    attempted = 0
    for name in MODULES:
        module = importlib.import_module(name)
        for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
            attempted += len(test.examples)
    assert attempted >= 20, attempted
