"""Evaluation of analysers against labelled corpora (read from outside the repository)."""
