"""The letters of disclosure on request (依申请公开): 补正、延期、征求意见、收费、答复、延迟答复 and
转办, composed from a :class:`LetterContext` with their legal basis and remedies, rendered as a 公文
(.docx) or as plain text. Pure: no models, no database.

Usage (a service, from a case)::

    from gongkai.foi.choices import LetterKind, Outcome
    from gongkai.foi.letters import LetterContext, compose_letter, render_docx, render_text

    letter = compose_letter(LetterKind.REPLY, LetterContext(..., outcome=Outcome.DISCLOSED))
    render_docx(letter)  # bytes of a .docx
    render_text(letter)  # the same letter for the tracking page and e-mail
"""

from gongkai.foi.letters.content import REMEDY_KINDS, Letter, LetterContext, compose_letter
from gongkai.foi.letters.docx import render_docx
from gongkai.foi.letters.text import render_text

__all__ = ["REMEDY_KINDS", "Letter", "LetterContext", "compose_letter", "render_docx", "render_text"]
