"""Message catalogs: gettext ``.po`` files read with Babel into code -> text lookups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: tuple[str, ...] = ("en", "zh")
# The command line speaks English and names --flags; its domain is read in front of the others.
CLI_DOMAIN = "cli"


@dataclass(frozen=True)
class Catalog:
    """Texts of one language: code -> sentence with ``{placeholders}``."""

    lang: str
    texts: Mapping[str, str]

    def get(self, code: str) -> str | None:
        """Return the text of ``code``, or None when this catalog has none."""
        return self.texts.get(code)


def read_po_texts(path: Path) -> dict[str, str]:
    """Return the translated entries of one ``.po`` file (untranslated entries are left out)."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def po_files(directory: Path, lang: str, *, exclude: Iterable[str] = ()) -> list[Path]:
    """Return the ``.po`` files of ``lang`` below ``directory``, domains in ``exclude`` left out."""
    skip = set(exclude)
    folder = directory / lang / "LC_MESSAGES"
    return sorted(p for p in folder.glob("*.po") if p.stem not in skip)


def merge_po(paths: Iterable[Path], lang: str) -> Catalog:
    """Merge several domains' files into one catalog (codes are unique across domains)."""
    texts: dict[str, str] = {}
    for path in paths:
        texts.update(read_po_texts(path))
    return Catalog(lang, texts)


@cache
def load_catalog(lang: str, *, surface: str = "shared") -> Catalog:
    """Return the analytics catalog of ``lang``.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``; another language falls back to English.
    surface
        ``"shared"``: the domains every surface uses; ``"cli"``: the command line's own domain
        (option names as ``--flags``), English only.
    """
    lang = lang if lang in LANGUAGES else "en"
    if surface == CLI_DOMAIN:
        return merge_po([LOCALE_DIR / "en" / "LC_MESSAGES" / f"{CLI_DOMAIN}.po"], "en")
    return merge_po(po_files(LOCALE_DIR, lang, exclude=[CLI_DOMAIN]), lang)
