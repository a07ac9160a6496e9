"""Recipients and sending (issue 20): a body's distribution list (observers, the
municipalities' post addresses, copy recipients; members and the deputies called in come
from the registry), the installation's SMTP settings (the password in the operating
system's keyring), and the notice sent by e-mail or written as .eml files, every message
logged with its attachments' hashes, a failed one retried.

The door: the functions a front end may call (context in, pydantic out) and their
models. Session and ORM helpers stay in the private modules of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dvmeet.services._door import open_door

if TYPE_CHECKING:
    from dvmeet.services.mail._recipients import (
        add_all_post_recipients,
        add_post_recipient,
        add_recipient,
        distribution_list,
        post_addresses,
        remove_recipient,
        set_post_address,
        update_recipient,
    )
    from dvmeet.services.mail._sending import (
        mail_log,
        mail_view,
        notice_recipients,
        retry_mail,
        send_notice_mail,
    )
    from dvmeet.services.mail._settings import (
        MailUnavailable,
        clear_mail_settings,
        mail_configured,
        mail_settings,
        save_mail_settings,
        test_mail_connection,
    )

__all__ = [
    "MailUnavailable",
    "add_all_post_recipients",
    "add_post_recipient",
    "add_recipient",
    "clear_mail_settings",
    "distribution_list",
    "mail_configured",
    "mail_log",
    "mail_settings",
    "mail_view",
    "notice_recipients",
    "post_addresses",
    "remove_recipient",
    "retry_mail",
    "save_mail_settings",
    "send_notice_mail",
    "set_post_address",
    "test_mail_connection",
    "update_recipient",
]
__getattr__ = open_door(__name__, __all__)
