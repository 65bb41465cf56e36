"""A project-written labeled corpus: synthetic scraped pages in eleven languages.

Every line of text in it was written for the project. ``generate.py`` builds the pages
deterministically from the language data in ``languages/`` and writes ``pages.jsonl.gz``.
"""
