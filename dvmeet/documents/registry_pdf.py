"""The member registry of a body: per municipality, the member(s) and the ranked deputies (R-1)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from dvmeet.documents.models import RegistryDocument, RegistryMember
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import long_date, para, short_date
from dvmeet.domain.enums import Role
from dvmeet.domain.labels import nynorsk


def registry_pdf(document: RegistryDocument) -> bytes:
    return RegistryRenderer(document).render()


def _term(m: RegistryMember) -> str:
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
