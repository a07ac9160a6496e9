"""The cost-share table of a budget year, for the budget case of the representantskap.

A document model built from dvmeet.services.cost_shares, rendered as PDF (the shared
renderer) or as XLSX (formula-safe). The table is public information.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable

from dvmeet.documents.models import DocModel, DocumentMeta
from dvmeet.documents.renderer import PdfRenderer
from dvmeet.documents.text import para, short_date
from dvmeet.domain.cost_shares import Bound, kroner
from dvmeet.services import cost_shares, registry
from dvmeet.services._spreadsheet import Value, write_table
from dvmeet.services.context import Context
from dvmeet.services.cost_shares.models import CostShareOut
from dvmeet.services.registry import ExportResult

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


class CostTableDocument(DocModel):
    meta: DocumentMeta
    year: int
    result: CostShareOut
    settings_lines: list[tuple[str, str]]
    rows: list[list[str]]  # formatted cells, HEADER order
    total_row: list[str]


def cost_table_document(ctx: Context, year: int) -> CostTableDocument:
    result = cost_shares.get_budget(ctx, year)
    coop = registry.get_cooperation(ctx)
    cooperation = coop.name if coop else "DigiVestland"
    meta = DocumentMeta(
        kind="KOSTNADSFORDELING",
        title=f"Kostnadsfordeling {year}",
        subject=f"Kostnadsdelar per deltakarkommune for budsjettåret {year}",
        author=cooperation,
        cooperation=cooperation,
        body_name="Representantskapet",
        public=True,
        date=result.calculated_at.date() if result.calculated_at else dt.date.today(),
    )
    weights = result.base_weight + result.population_weight
    base_pct = 100 * result.base_weight / weights
    settings_lines = [
        ("Totalbudsjett", kroner(result.total_budget)),
        (
            "Fordeling",
            f"{base_pct:.0f} % likt på deltakarane, {100 - base_pct:.0f} % etter folketal".replace(
                ".", ","
            ),
        ),
        ("Minstebeløp", kroner(result.min_payment)),
        ("Maksimumsbeløp", kroner(result.max_payment) if result.max_payment else "Ikkje sett"),
        ("Deltakarar", str(result.participants)),
    ]
    rows = [
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
        for ln in result.lines
    ]
    last = result.last_year_total
    total_row = [
        "",
        "Sum",
        _number(sum(ln.population or 0 for ln in result.lines)),
        "",
        _number(result.total),
        "",
        _number(last),
        _signed(result.total - last) if last is not None else "",
        "",
    ]
    return CostTableDocument(
        meta=meta,
        year=year,
        result=result,
        settings_lines=settings_lines,
        rows=rows,
        total_row=total_row,
    )


class CostTableRenderer(PdfRenderer):
    page_size = landscape(A4)

    def __init__(self, document: CostTableDocument) -> None:
        super().__init__(document.meta)
        self.d = document

    def footer_text(self) -> str:
        return f"Kostnadsfordeling {self.d.year}"

    def story(self) -> list[Flowable]:
        d = self.d
        r = d.result
        out: list[Flowable] = [
            self.p(f"Kostnadsfordeling {d.year}", "title"),
            self.p(para(r.summary), "subtitle"),
            self.key_values([(label, para(value)) for label, value in d.settings_lines]),
            self.space(),
        ]
        if r.note:
            out.append(self.text(r.note, "note"))
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
        if r.calculated_at:
            out.append(self.space(2))
            out.append(self.p(f"Rekna ut {short_date(r.calculated_at.date())}.", "small"))
        return out


def cost_table_pdf(ctx: Context, year: int) -> bytes:
    return CostTableRenderer(cost_table_document(ctx, year)).render()


def cost_table_xlsx(ctx: Context, year: int, path: Path) -> ExportResult:
    """The table as .xlsx (or .csv): numbers as numbers, no cell can start a formula.
    The last row is the sum."""
    result = cost_shares.get_budget(ctx, year)
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
        for ln in result.lines
    ]
    total: list[Value] = [
        None,
        "Sum",
        sum(ln.population or 0 for ln in result.lines),
        None,
        result.total,
        None,
        result.last_year_total,
        result.total - result.last_year_total if result.last_year_total is not None else None,
        None,
    ]
    write_table(
        path,
        f"Kostnadsfordeling {year}",
        XLSX_HEADER,
        [*rows, total],
        money_columns=(3, 4, 6, 7),
    )
    return ExportResult(path=path, rows=len(rows))
