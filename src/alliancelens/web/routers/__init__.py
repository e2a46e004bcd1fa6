"""One router per resource (see :mod:`alliancelens.web.app`)."""
