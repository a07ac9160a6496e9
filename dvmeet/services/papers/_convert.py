"""An attachment's file made a PDF the sakspapir can carry, or refused with the reason.

A PDF must be one (its header, not its name) and open (pikepdf), unencrypted; a Word,
Excel or OpenDocument file is converted with LibreOffice (`soffice --headless`) when it
is installed, else refused saying so. Nothing here touches the database."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePath

import pikepdf

from dvmeet.errors import InvalidInput
from dvmeet.i18n import _
from dvmeet.services.papers.models import MAX_ATTACHMENT_BYTES

OFFICE = (".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods")
CONVERT_SECONDS = 180


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def office_program() -> str | None:
    """LibreOffice's command, when it is installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def as_pdf(filename: str, content: bytes) -> tuple[str, bytes]:
    """(the stored file name, the PDF bytes) of a file to attach."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if not name:
        raise InvalidInput(_("Vedlegget manglar filnamn."))
    _check_size(name, content)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf":
        return name, checked_pdf(name, content)
    if suffix in OFFICE:
        pdf = _converted(name, content)
        return f"{PurePath(name).stem}.pdf", checked_pdf(name, pdf)
    raise InvalidInput(
        _(
            "«{name}» kan ikkje leggjast ved: berre PDF, og Word-, Excel- og "
            "OpenDocument-filer som vert gjorde om til PDF, kan nyttast."
        ).format(name=name)
    )


def _check_size(name: str, content: bytes) -> None:
    if not content:
        raise InvalidInput(_("«{name}» er tom.").format(name=name))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            _("«{name}» er {size} MB; eit vedlegg kan vere på høgst {limit} MB.").format(
                name=name,
                size=_megabytes(len(content)),
                limit=_megabytes(MAX_ATTACHMENT_BYTES),
            )
        )


def checked_pdf(name: str, content: bytes) -> bytes:
    """The bytes, when they are a PDF that opens, has pages and is not encrypted."""
    _check_size(name, content)
    if b"%PDF-" not in content[:1024]:
        raise InvalidInput(
            _("«{name}» er ikkje ein PDF-fil, sjølv om namnet seier det.").format(name=name)
        )
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise InvalidInput(
                    _(
                        "«{name}» er kryptert eller verna med passord. Lagre ein open kopi "
                        "og legg han ved."
                    ).format(name=name)
                )
            if len(pdf.pages) == 0:
                raise InvalidInput(_("«{name}» har ingen sider.").format(name=name))
    except pikepdf.PasswordError as exc:
        raise InvalidInput(
            _(
                "«{name}» er kryptert eller verna med passord. Lagre ein open kopi og legg han ved."
            ).format(name=name)
        ) from exc
    except pikepdf.PdfError as exc:
        raise InvalidInput(
            _("«{name}» er skadd og kan ikkje opnast som PDF ({reason}).").format(
                name=name, reason=str(exc).splitlines()[0][:200]
            )
        ) from exc
    return content


def _converted(name: str, content: bytes) -> bytes:
    program = office_program()
    if program is None:
        raise InvalidInput(
            _(
                "«{name}» må gjerast om til PDF, men LibreOffice er ikkje installert på "
                "denne maskina. Lagre fila som PDF i Word eller Excel og legg ved PDF-fila."
            ).format(name=name)
        )
    with tempfile.TemporaryDirectory(prefix="dvmeet-vedlegg-") as folder:
        source = Path(folder) / f"vedlegg{PurePath(name).suffix.lower()}"
        source.write_bytes(content)
        profile = Path(folder) / "profil"
        env = {**os.environ, "HOME": folder}
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
                env=env,
            )
        except subprocess.TimeoutExpired as exc:
            raise InvalidInput(
                _("LibreOffice vart ikkje ferdig med å gjere om «{name}» til PDF.").format(
                    name=name
                )
            ) from exc
        made = source.with_suffix(".pdf")
        if done.returncode != 0 or not made.exists():
            raise InvalidInput(
                _(
                    "LibreOffice kunne ikkje gjere om «{name}» til PDF. Opne fila, lagre "
                    "ho som PDF og legg ved PDF-fila."
                ).format(name=name)
            )
        return made.read_bytes()
