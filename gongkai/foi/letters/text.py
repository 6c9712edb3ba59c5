"""A letter as plain text, for the tracking page and e-mail: the parts in the 公文 order, paragraphs
indented with two full-width spaces, without the seal placeholder (a plain text carries no seal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from gongkai.foi.letters.content import Letter

INDENT = "\u3000\u3000"  # two full-width spaces: the 2-character first-line indent of a 公文


def attachment_lines(attachments: list[str]) -> list[str]:
    """附件说明 (GB/T 9704-2012 7.3.4): 附件：1.名称, the further names under the first, no punctuation."""
    if not attachments:
        return []
    label = _("附件：")
    if len(attachments) == 1:
        return [label + attachments[0].rstrip("。.；;")]
    pad = "\u3000" * len(label)
    return [
        (label if position == 1 else pad) + f"{position}.{name.rstrip('。.；;')}"
        for position, name in enumerate(attachments, start=1)
    ]


def contact_note(contact: str) -> str:
    """附注 (GB/T 9704-2012 7.3.6): in round brackets under the date."""
    if not contact:
        return ""
    return contact if contact.startswith("（") else f"（{contact}）"


def render_text(letter: Letter) -> str:
    """The letter as plain text, one paragraph a line, blank lines between the blocks."""
    lines: list[str] = [letter.issuer_mark]
    if letter.doc_number:
        lines.append(letter.doc_number)
    lines += ["", letter.title, "", letter.addressee]
    lines += [INDENT + paragraph for paragraph in letter.paragraphs]
    if letter.remedies:
        lines.append(INDENT + letter.remedies)
    if letter.closing:
        lines.append(INDENT + letter.closing)
    if letter.attachments:
        lines.append("")
        lines += [INDENT + line for line in attachment_lines(letter.attachments)]
    lines += ["", letter.signature_org, letter.date]
    if letter.contact:
        lines.append(INDENT + contact_note(letter.contact))
    return "\n".join(lines) + "\n"
