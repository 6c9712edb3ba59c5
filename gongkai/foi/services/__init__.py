"""Writes of disclosure on request (依申请公开); one module per part of the handling.

- registration: foi_case_create (登记), foi_case_check_query_code;
- events: foi_case_record_event and foi_case_confirm (every event that changes the dates);
- handling: foi_case_assign, foi_case_archive, foi_note_add;
- appeals: foi_appeal_add, foi_appeal_decide;
- intake: foi_case_intake (paper, fax and e-mail applications with their scans),
  foi_case_extend (延期, foi_head only);
- transfer: foi_case_transfer (转办 to another organization of the platform);
- letters: foi_letter_draft → foi_letter_approve (foi_head) → foi_letter_send (records the letter's event);
  foi_letter_discard (作废) for a letter that has not gone out;
- conversion: foi_case_convert_to_proactive (依申请转主动, 第四十四条), foi_library_add (案例库);
- tick: foi_cases_refresh, foi_reminders_send (run by manage.py tick);
- attachments: foi_attachment_add (the identity document of the online form, staff's files).
"""

from gongkai.foi.services.appeals import foi_appeal_add, foi_appeal_decide
from gongkai.foi.services.attachments import attachment_file_error, foi_attachment_add
from gongkai.foi.services.common import HANDLER_ROLES, HEAD_ROLES
from gongkai.foi.services.conversion import foi_case_convert_to_proactive, foi_library_add
from gongkai.foi.services.events import applications_in_month, foi_case_confirm, foi_case_record_event
from gongkai.foi.services.handling import foi_case_archive, foi_case_assign, foi_note_add
from gongkai.foi.services.intake import foi_case_extend, foi_case_intake
from gongkai.foi.services.letters import (
    foi_letter_approve,
    foi_letter_discard,
    foi_letter_docx,
    foi_letter_draft,
    foi_letter_send,
)
from gongkai.foi.services.registration import (
    ApplicantData,
    RegisteredCase,
    foi_case_check_query_code,
    foi_case_create,
)
from gongkai.foi.services.transfer import foi_case_transfer

__all__ = [
    "HANDLER_ROLES",
    "HEAD_ROLES",
    "ApplicantData",
    "RegisteredCase",
    "applications_in_month",
    "attachment_file_error",
    "foi_appeal_add",
    "foi_appeal_decide",
    "foi_attachment_add",
    "foi_case_archive",
    "foi_case_assign",
    "foi_case_check_query_code",
    "foi_case_confirm",
    "foi_case_convert_to_proactive",
    "foi_case_create",
    "foi_case_extend",
    "foi_case_intake",
    "foi_case_record_event",
    "foi_case_transfer",
    "foi_letter_approve",
    "foi_letter_discard",
    "foi_letter_docx",
    "foi_letter_draft",
    "foi_letter_send",
    "foi_library_add",
    "foi_note_add",
]
