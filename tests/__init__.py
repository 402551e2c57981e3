"""The test suite. A package, so that pytest imports ``tests/simulator`` as
``tests.simulator`` and never under the name of the real ``simulator`` package
(docs/testing.md)."""
