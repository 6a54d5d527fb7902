"""Render message codes in a language: catalogs, parameter formatting, and the surface's wording.

Catalogs are gettext ``.po`` files read with Babel (``locale/<lang>/LC_MESSAGES/<domain>.po``):
one domain per sub-package (``io``, ``loading``, ``metrics`` ...), whose codes start with the
domain's name. A surface (the command line, the dashboard) may put catalogs of its own in front
(:func:`render`'s ``overrides``): the command line's ``cli`` domain names ``--flags`` for
``option.*`` terms, the dashboard's catalogs name widgets instead.
"""

from __future__ import annotations

from analytics.messages.catalog import Catalog, load_catalog
from analytics.messages.render import render

__all__ = ["Catalog", "load_catalog", "render"]
