"""Write a report file all at once or not at all, never through a symbolic link.

The one writer every output shares lives in :mod:`analytics.files`; the report package names it
here so ``analytics.report.write_atomically`` keeps working.
"""

from __future__ import annotations

from analytics.files import check_writable, write_atomically

__all__ = ["check_writable", "write_atomically"]
