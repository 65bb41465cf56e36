"""Accuracy and speed of noise against the extraction tools people use today.

Run ``python -m benchmarks`` from the repository root; ``benchmarks/README.md`` says what is
measured and how to read the table. The modules follow the run from top to bottom:
``pages`` (what is evaluated) → ``systems`` (what is run: ``peers``, ``c4``, ``noise_model``)
→ ``measure`` and ``worker`` (one pinned child process per system) → ``scoring`` → ``report``
→ ``plot`` and ``readme``.
"""
