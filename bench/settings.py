"""Settings of the benchmark server: the product's, plus the bare comparison view (bench.urls only).

Static files are served through Django's plain storage so that no ``collectstatic`` run is needed before a
benchmark; the manifest storage of production resolves a URL with one dictionary lookup, the same work.
"""

from __future__ import annotations

import os

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, STORAGES, TEMPLATES

ROOT_URLCONF = "bench.urls"
BENCH_TEMPLATE_DIR = BASE_DIR / "var" / "bench" / "templates"
BENCH_TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_TEMPLATE_DIR]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# The benchmark serves the pages twice side by side: with the page cache (the product's default) and
# rendering every request (BENCH_PAGE_CACHE=0), to show what rendering costs.
GONGKAI_PUBLIC_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "1") != "0"
