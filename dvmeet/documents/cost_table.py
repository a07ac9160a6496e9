"""The cost-share table of a budget year, for the budget case of the representantskap.

The model is built by dvmeet.services.exports.cost_table_document from the stored
calculation; rendered as PDF (the shared renderer) or as XLSX/CSV (the one table writer).
The table is public information.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable

from dvmeet.documents.models import DocModel, DocumentMeta
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.tables import Table, Value
from dvmeet.documents.text import para, short_date
from dvmeet.domain.cost_shares import Bound, kroner

SHORT_BOUND = {Bound.MINIMUM: "Min.", Bound.MAXIMUM: "Maks."}
HEADER = (
    "Kommunenr.",
    "Kommune",
    "Folketal",
    "Modellbeløp",
    "Kostnadsdel",
    "Tak",
    "Førre år",
    "Endring",
    "Endring %",
)
XLSX_HEADER = (
    "kommunenummer",
    "kommune",
    "folketal",
    "modellbeløp (kr)",
    "kostnadsdel (kr)",
    "tak",
    "førre år (kr)",
    "endring (kr)",
    "endring (%)",
)


def _number(amount: int | None) -> str:
    return kroner(amount).removesuffix(" kr") if amount is not None else ""


def _signed(amount: int | None) -> str:
    if amount is None:
        return ""
    return ("+" if amount > 0 else "") + _number(amount)


def _percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:+.1f}".replace(".", ",").replace("-", "−") + " %"


class CostLine(DocModel):
    municipality_number: str
    municipality_name: str
    population: int | None  # None: not a participant this year
    model_amount: int | None
    amount: int | None
    bound: Bound | None
    bound_word: str | None
    last_year: int | None
    change: int | None
    change_percent: float | None


class CostTableDocument(DocModel):
    meta: DocumentMeta
    year: int
    summary: str
    note: str | None
    calculated_at: dt.datetime | None
    total_budget: int
    base_weight: int
    population_weight: int
    min_payment: int
    max_payment: int | None
    participants: int
    lines: list[CostLine]
    total: int
    last_year_total: int | None

    @property
    def settings_lines(self) -> list[tuple[str, str]]:
        weights = self.base_weight + self.population_weight
        base_pct = 100 * self.base_weight / weights
        spread = f"{base_pct:.0f} % likt på deltakarane, {100 - base_pct:.0f} % etter folketal"
        return [
            ("Totalbudsjett", kroner(self.total_budget)),
            ("Fordeling", spread.replace(".", ",")),
            ("Minstebeløp", kroner(self.min_payment)),
            ("Maksimumsbeløp", kroner(self.max_payment) if self.max_payment else "Ikkje sett"),
            ("Deltakarar", str(self.participants)),
        ]

    @property
    def rows(self) -> list[list[str]]:
        """Formatted cells, HEADER order."""
        return [
            [
                ln.municipality_number,
                ln.municipality_name,
                _number(ln.population),
                _number(ln.model_amount),
                _number(ln.amount) if ln.amount is not None else "Ikkje deltakar",
                SHORT_BOUND[ln.bound] if ln.bound else "",
                _number(ln.last_year),
                _signed(ln.change),
                _percent(ln.change_percent),
            ]
            for ln in self.lines
        ]

    @property
    def total_row(self) -> list[str]:
        last = self.last_year_total
        return [
            "",
            "Sum",
            _number(sum(ln.population or 0 for ln in self.lines)),
            "",
            _number(self.total),
            "",
            _number(last),
            _signed(self.total - last) if last is not None else "",
            "",
        ]


class CostTableRenderer(PdfRenderer):
    page_size = landscape(A4)

    def __init__(self, document: CostTableDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def footer_text(self) -> str:
        return f"Kostnadsfordeling {self.d.year}"

    def story(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = [
            self.p(f"Kostnadsfordeling {d.year}", "title"),
            self.p(para(d.summary), "subtitle"),
            self.key_values([(label, para(value)) for label, value in d.settings_lines]),
            self.space(),
        ]
        if d.note:
            out.append(self.text(d.note, "note"))
        out.append(
            self.p(
                "Kvar deltakar betaler eit grunnbeløp og ein del etter folketal, innanfor "
                "minste- og maksimumsbeløpet. Når eit tak bind, blir resten fordelt på dei "
                "andre i forhold til modellbeløpet, til fordelinga er stabil. Beløpa er "
                "avrunda til heile kroner slik at summen er nøyaktig totalbudsjettet.",
                "small",
            )
        )
        out.append(self.space(2))
        rows = [[para(c) for c in row] for row in [*d.rows, d.total_row]]
        rows[-1] = [f"<b>{c}</b>" if c else "" for c in rows[-1]]
        out.append(
            self.table(
                list(HEADER),
                rows,
                [0.08, 0.19, 0.1, 0.12, 0.12, 0.07, 0.11, 0.11, 0.1],
                right_align=(2, 3, 4, 6, 7, 8),
            )
        )
        if d.calculated_at:
            out.append(self.space(2))
            out.append(self.p(f"Rekna ut {short_date(d.calculated_at.date())}.", "small"))
        return out


def cost_table_pdf(document: CostTableDocument) -> bytes:
    return CostTableRenderer(document).render()


def cost_table_sheet(document: CostTableDocument) -> Table:
    """The table for .xlsx (or .csv): numbers as numbers; the last row is the sum."""
    d = document
    rows: list[list[Value]] = [
        [
            ln.municipality_number,
            ln.municipality_name,
            ln.population,
            ln.model_amount,
            ln.amount,
            ln.bound_word,
            ln.last_year,
            ln.change,
            round(ln.change_percent, 2) if ln.change_percent is not None else None,
        ]
        for ln in d.lines
    ]
    total: list[Value] = [
        None,
        "Sum",
        sum(ln.population or 0 for ln in d.lines),
        None,
        d.total,
        None,
        d.last_year_total,
        d.total - d.last_year_total if d.last_year_total is not None else None,
        None,
    ]
    return Table(
        sheet_title=f"Kostnadsfordeling {d.year}",
        header=XLSX_HEADER,
        rows=[*rows, total],
        money_columns=(3, 4, 6, 7),
    )
