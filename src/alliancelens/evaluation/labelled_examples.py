"""The labelled ruptures-examples reader, re-exported from :mod:`alliancelens.ingest.labelled`.

It moved to ``ingest`` so that training code can read spent benchmark folders too (the
``models`` layer may not import ``evaluation``); evaluation modules keep importing it from here.
"""

from __future__ import annotations

from alliancelens.ingest.labelled import LabelledExample, load_examples, read_example

__all__ = ["LabelledExample", "load_examples", "read_example"]
