"""The installation's SMTP settings: a small JSON file in the user data directory (never the
database, which several installations may share), the password in the operating system's
keyring (`keyring`), never in the file or the database. The connection test really
connects: TLS, login, NOOP."""

from __future__ import annotations

import base64
import json
import smtplib
import socket
import ssl
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dvmeet.errors import DvmeetError, InvalidInput
from dvmeet.i18n import _
from dvmeet.paths import make_private_dir
from dvmeet.services._files import write_file
from dvmeet.services._sender import settings_path
from dvmeet.services.context import Context
from dvmeet.services.mail.models import (
    ConnectionChecked,
    MailSettingsIn,
    MailSettingsOut,
    Security,
)
from dvmeet.services.models import explain_validation

KEYRING_SERVICE = "dvmeet SMTP"


class MailUnavailable(DvmeetError):
    """Sending cannot start: the settings, the password or the server (one sentence)."""


def _keyring_user(username: str, host: str) -> str:
    return f"{username}@{host}"


def _read_password(username: str, host: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(username, host))
    except KeyringError:
        return None


def _keyring_problem(exc: Exception) -> MailUnavailable:
    return MailUnavailable(
        _(
            "Passordet kan ikkje lagrast i nøkkelringen til operativsystemet ({error}). "
            "dvmeet lagrar aldri passordet i ei fil eller i databasen: set opp ein "
            "nøkkelring (til dømes Windows Credential Manager, macOS Keychain eller GNOME "
            "Keyring) og prøv igjen."
        ).format(error=exc)
    )


def _store_password(username: str, host: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(username, host), password)
    except (KeyringError, RuntimeError) as exc:
        raise _keyring_problem(exc) from exc


def _forget_password(username: str, host: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(username, host))
    except PasswordDeleteError:
        pass
    except (KeyringError, RuntimeError) as exc:
        raise _keyring_problem(exc) from exc


def _out(data: MailSettingsIn, path: Path) -> MailSettingsOut:
    has_password = bool(data.username) and _read_password(data.username or "", data.host)
    return MailSettingsOut(
        host=data.host,
        port=data.port,
        security=data.security,
        username=data.username,
        sender_address=data.sender_address,
        sender_name=data.sender_name,
        ca_file=data.ca_file,
        timeout_seconds=data.timeout_seconds,
        has_password=bool(has_password),
        path=path,
    )


def _load() -> MailSettingsIn | None:
    """The stored settings, or None when none are set up; damaged ones are refused with
    what is wrong and where."""
    path = settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise MailUnavailable(
            _("E-postinnstillingane i {path} kan ikkje lesast: {error}").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    try:
        data: Any = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError
        data.pop("password", None)  # never kept in the file; ignore one put there by hand
        return MailSettingsIn.model_validate(data)
    except ValidationError as exc:
        raise MailUnavailable(
            _(
                "E-postinnstillingane i {path} er ikkje gyldige: {problems}. Opne "
                "Innstillingar → E-post … og lagre dei på nytt."
            ).format(path=path, problems="; ".join(explain_validation(exc)))
        ) from exc
    except ValueError as exc:
        raise MailUnavailable(
            _(
                "E-postinnstillingane i {path} er øydelagde (ikkje gyldig JSON). Opne "
                "Innstillingar → E-post … og lagre dei på nytt."
            ).format(path=path)
        ) from exc


def mail_configured(ctx: Context | None = None) -> bool:
    """A mail server is set up for this installation (its settings file exists; whether
    they work is for sending or the connection test to say)."""
    return settings_path().exists()


def mail_settings(ctx: Context | None = None) -> MailSettingsOut | None:
    """This installation's SMTP settings (whatever database is open), or None: then the
    notices are written as .eml files instead."""
    data = _load()
    return _out(data, settings_path()) if data is not None else None


def save_mail_settings(ctx: Context | None, data: MailSettingsIn) -> MailSettingsOut:
    """Store the settings in the file and the password (when given) in the keyring."""
    old = _load_quietly()
    if data.username and data.password:
        _store_password(data.username, data.host, data.password)
    elif not data.username and old is not None and old.username:
        _forget_password(old.username, old.host)
    if (
        old is not None
        and old.username
        and (old.username, old.host)
        != (
            data.username,
            data.host,
        )
    ):
        if data.username and not data.password:
            # the login moved to a new name or host: carry the stored password with it
            moved = _read_password(old.username, old.host)
            if moved:
                _store_password(data.username, data.host, moved)
        _forget_password(old.username, old.host)
    path = settings_path()
    make_private_dir(path.parent)
    stored = data.model_dump(mode="json", exclude={"password"})
    write_file(path, (json.dumps(stored, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return _out(data, path)


def clear_mail_settings(ctx: Context | None = None) -> None:
    """Remove the settings and the stored password: notices are written as .eml files."""
    old = _load_quietly()
    if old is not None and old.username:
        _forget_password(old.username, old.host)
    settings_path().unlink(missing_ok=True)


def _load_quietly() -> MailSettingsIn | None:
    try:
        return _load()
    except MailUnavailable:
        return None


def stored_settings() -> tuple[MailSettingsIn, str | None] | None:
    """The settings and the password for sending, or None when none are set up."""
    data = _load()
    if data is None:
        return None
    password = data.password
    if data.username and password is None:
        password = _read_password(data.username, data.host)
        if password is None:
            raise MailUnavailable(
                _(
                    "Passordet for {user} på {host} finst ikkje i nøkkelringen. Opne "
                    "Innstillingar → E-post … og skriv det inn på nytt."
                ).format(user=data.username, host=data.host)
            )
    return data, password


def _tls_context(data: MailSettingsIn) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if data.ca_file:
        try:
            context.load_verify_locations(cafile=data.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise MailUnavailable(
                _("Sertifikatfila {path} kan ikkje brukast: {error}").format(
                    path=data.ca_file, error=exc
                )
            ) from exc
    return context


def connect(data: MailSettingsIn, password: str | None) -> smtplib.SMTP:
    """An open, logged-in SMTP connection; every failure as one sentence that says what
    to check."""
    where = f"{data.host}:{data.port}"
    try:
        server: smtplib.SMTP
        if data.security is Security.SSL:
            server = smtplib.SMTP_SSL(
                data.host, data.port, timeout=data.timeout_seconds, context=_tls_context(data)
            )
        else:
            server = smtplib.SMTP(data.host, data.port, timeout=data.timeout_seconds)
        try:
            server.ehlo()
            if data.security is Security.STARTTLS:
                if not server.has_extn("starttls"):
                    raise MailUnavailable(
                        _(
                            "E-posttenaren {where} tilbyr ikkje STARTTLS. Vel SSL (ofte port "
                            "465) eller spør IT-avdelinga kva tenaren krev."
                        ).format(where=where)
                    )
                server.starttls(context=_tls_context(data))
                server.ehlo()
            if data.username:
                _login(server, data.username, password or "")
        except BaseException:
            server.close()
            raise
        return server
    except MailUnavailable:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailUnavailable(
            _("E-posttenaren {where} godtok ikkje brukarnamnet og passordet ({error}).").format(
                where=where, error=_smtp_text(exc)
            )
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise MailUnavailable(
            _("E-posttenaren {where} tilbyr ikkje innlogging på denne måten ({error}).").format(
                where=where, error=exc
            )
        ) from exc
    except ssl.SSLCertVerificationError as exc:
        raise MailUnavailable(
            _(
                "Sertifikatet til e-posttenaren {where} kan ikkje stadfestast ({error}). "
                "Sjekk tenarnamnet, eller vel ei sertifikatfil å stole på."
            ).format(where=where, error=exc.verify_message or exc)
        ) from exc
    except (ssl.SSLError, smtplib.SMTPServerDisconnected) as exc:
        raise MailUnavailable(
            _(
                "Den krypterte tilkoplinga til {where} feila ({error}). Sjekk at porten og "
                "krypteringa høyrer saman: STARTTLS på port 587, SSL på port 465."
            ).format(where=where, error=exc)
        ) from exc
    except socket.gaierror as exc:
        raise MailUnavailable(
            _("Finn ikkje e-posttenaren {host}. Sjekk namnet.").format(host=data.host)
        ) from exc
    except TimeoutError as exc:
        raise MailUnavailable(
            _("E-posttenaren {where} svarar ikkje (tidsavbrot).").format(where=where)
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(
            _("Får ikkje kontakt med e-posttenaren {where}: {error}").format(
                where=where, error=_smtp_text(exc)
            )
        ) from exc


def _login(server: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib sends the login as ASCII only; a name or password with æ, ø or å goes as
    UTF-8 through AUTH PLAIN (RFC 4616), as mail servers expect."""
    if (username + password).isascii():
        server.login(username, password)
        return
    if "plain" not in server.esmtp_features.get("auth", "").lower().split():
        raise MailUnavailable(
            _(
                "E-posttenaren tek ikkje imot brukarnamn eller passord med andre teikn enn "
                "a–z og siffer (som æ, ø og å). Skift passordet, eller spør IT-avdelinga."
            )
        )
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode()
    code, answer = server.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _smtp_text(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


def test_mail_connection(
    ctx: Context | None, data: MailSettingsIn | None = None
) -> ConnectionChecked:
    """Connect with `data` (None: the stored settings), log in and say goodbye."""
    if data is None:
        found = stored_settings()
        if found is None:
            raise InvalidInput(_("Ingen e-posttenar er sett opp."))
        data, password = found
    else:
        password = data.password
        if data.username and password is None:
            password = _read_password(data.username, data.host)
    server = connect(data, password)
    try:
        server.noop()
    finally:
        try:
            server.quit()
        except smtplib.SMTPException:
            server.close()
    security = {
        Security.STARTTLS: "STARTTLS",
        Security.SSL: "SSL/TLS",
        Security.NONE: _("utan kryptering"),
    }[data.security]
    message = _("Kontakt med {host}:{port} ({security}).").format(
        host=data.host, port=data.port, security=security
    )
    if data.username:
        message += " " + _("Innlogging som {user} gjekk bra.").format(user=data.username)
    return ConnectionChecked(
        host=data.host,
        port=data.port,
        security=data.security,
        logged_in=bool(data.username),
        message=message,
    )


test_mail_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
