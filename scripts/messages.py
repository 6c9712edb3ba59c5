"""Write Gongkai's own catalogue, gongkai/locale/zh_Hans: every Chinese message of our code and templates,
translated to itself (`make messages`).

Why a catalogue for a language the code is already written in: Django looks each message up in the
merged catalogues and then down a chain of fallback catalogues; a message found nowhere (all of ours,
until this file exists) costs about ten times a found one, and a workbench page looks up thousands
(docs/performance.md). The catalogue is also the list of messages an English or a minority-language
version would translate.

Messages whose msgid has no Chinese character (a few English words in templates copied from Wagtail's)
are left out, so that Wagtail's own translations of them still apply.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "gongkai" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def extract() -> None:
    """Django's makemessages over gongkai/ (tests and migrations left out) into gongkai/locale."""
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no outside input
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "--locale=zh_Hans",
            "--no-location",
            "--no-obsolete",
            "--ignore=*/tests/*",
            "--ignore=*/migrations/*",
        ],
        cwd=ROOT / "gongkai",
        check=True,
    )


def translate_to_itself(po: polib.POFile) -> tuple[int, int]:
    kept = dropped = 0
    for entry in list(po):
        if not CHINESE.search(entry.msgid + entry.msgid_plural):
            po.remove(entry)
            dropped += 1
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid}  # zh_Hans has one plural form
        else:
            entry.msgstr = entry.msgid
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        kept += 1
    return kept, dropped


def main() -> int:
    extract()
    po = polib.pofile(str(CATALOGUE), wrapwidth=0)
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    po.header = "Gongkai's own messages in Simplified Chinese, each its own translation (make messages)."
    kept, dropped = translate_to_itself(po)
    po.save(str(CATALOGUE))
    po.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    sys.stdout.write(f"{CATALOGUE.relative_to(ROOT)}: {kept} messages; {dropped} without Chinese left out\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
