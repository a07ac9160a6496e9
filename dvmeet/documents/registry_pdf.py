"""The member registry of a body: per municipality, the member(s) and the ranked deputies (R-1)."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from dvmeet.documents.models import DocumentMeta, RegistryDocument
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import long_date, para, short_date
from dvmeet.domain.enums import Role
from dvmeet.domain.labels import nynorsk
from dvmeet.services import registry
from dvmeet.services.context import Context
from dvmeet.services.registry.models import MembershipOut


def registry_document(
    ctx: Context, body_code: str, on_date: dt.date | None = None
) -> RegistryDocument:
    """The registry is public information: names, roles, ranks, terms, electing decisions.
    Contact details are not printed."""
    day = on_date or dt.date.today()
    body = registry.get_body(ctx, body_code)
    coop = registry.get_cooperation(ctx)
    cooperation = coop.name if coop else ""
    meta = DocumentMeta(
        kind="MEDLEMSREGISTER",
        title=f"Medlemer og varamedlemer – {body.name} per {short_date(day)}",
        subject=f"Medlemer og rangerte varamedlemer i {body.name} per {short_date(day)}",
        author=cooperation,
        cooperation=cooperation,
        body_name=body.name,
        public=True,
        date=day,
    )
    return RegistryDocument(
        meta=meta, body_code=body.code, on_date=day, seats=registry.seats(ctx, body.code, day)
    )


def registry_pdf(ctx: Context, body_code: str, on_date: dt.date | None = None) -> bytes:
    return RegistryRenderer(registry_document(ctx, body_code, on_date)).render()


def _term(m: MembershipOut) -> str:
    end = short_date(m.valid_to) if m.valid_to else ""
    return f"{short_date(m.valid_from)}–{end}"


class RegistryRenderer(PdfRenderer):
    def __init__(self, document: RegistryDocument) -> None:
        super().__init__(document.meta)
        self.r = document

    def footer_text(self) -> str:
        return f"Medlemsregister – {self.meta.body_name} per {short_date(self.r.on_date)}"

    def story(self) -> list[Flowable]:
        r = self.r
        members = sum(len(s.members) for s in r.seats)
        deputies = sum(len(s.deputies) for s in r.seats)
        vacant = [s.municipality_name for s in r.seats if s.vacant]
        out: list[Flowable] = [
            self.p(f"Medlemer og varamedlemer – {para(r.meta.body_name)}", "title"),
            self.p(f"Per {long_date(r.on_date)}", "subtitle"),
            self.p(
                f"{len(r.seats)} deltakarkommunar, {members} medlemer og {deputies} "
                "varamedlemer. Varamedlemer møter berre for medlemen frå same kommune, i "
                "den rekkjefølgja dei står."
            ),
        ]
        if vacant:
            out.append(self.p(f"<b>Ledige sete:</b> {', '.join(para(v) for v in vacant)}"))
        rows: list[list[str]] = []
        for seat in r.seats:
            first = True
            for m in seat.members + seat.deputies:
                role = nynorsk(m.role)
                if m.role is Role.VARAMEDLEM and m.deputy_rank:
                    role = f"{m.deputy_rank}. varamedlem"
                muni = f"{para(seat.municipality_number)} {para(seat.municipality_name)}"
                rows.append(
                    [
                        f"<b>{muni}</b>" if first else "",
                        para(m.person_name),
                        role,
                        _term(m),
                        para(m.electing_decision),
                    ]
                )
                first = False
            if first:
                muni = f"{para(seat.municipality_number)} {para(seat.municipality_name)}"
                rows.append([f"<b>{muni}</b>", "<i>Ledig</i>", "", "", ""])
        out.append(
            self.table(
                ["Kommune", "Namn", "Verv", "Periode", "Valt i"],
                rows,
                [0.15, 0.21, 0.17, 0.26, 0.21],
            )
        )
        return out
