"""Closed cases and remote meetings (rules O-1, M-6)."""

from __future__ import annotations

from dvmeet.domain.enums import ClosureBasis, MeetingForm
from dvmeet.domain.legal import legal_reference
from dvmeet.domain.verdict import RuleFinding, Severity
from dvmeet.i18n import _


def check_closure(
    closed: bool, basis: ClosureBasis | None, meeting_form: MeetingForm
) -> list[RuleFinding]:
    """O-1 and M-6: check a case's closure against its legal basis and the meeting form.

    - O-1: closed without a legal basis → refusal.
    - O-1: a basis recorded for an open case → refusal for koml. § 11-5 (2) (the case
      *must* be closed), warning for § 11-5 (3) a/b (may close: remove the basis or close).
    - O-1: § 11-5 (3) b → information: the notice and minutes must also cite the
      offentleglova exemption.
    - M-6: closed under koml. § 11-5 (2) in a remote or hybrid meeting → refusal.
    """
    findings: list[RuleFinding] = []
    if closed and basis is None:
        findings.append(
            RuleFinding(
                "O-1",
                Severity.REFUSAL,
                _("Saka er lukka utan heimel. Vel heimel i {law} eller opne saka.").format(
                    law=legal_reference("koml_11_5").short
                ),
            )
        )
        return findings
    if basis is None:
        return findings

    ref = legal_reference(basis)
    if not closed:
        if basis is ClosureBasis.KOML_11_5_2:
            findings.append(
                RuleFinding(
                    "O-1",
                    Severity.REFUSAL,
                    _(
                        "Saka har heimel i {law} (lovfesta teieplikt) og skal lukkast, "
                        "men er registrert som open."
                    ).format(law=ref.short),
                )
            )
        else:
            findings.append(
                RuleFinding(
                    "O-1",
                    Severity.WARNING,
                    _(
                        "Heimel for lukking ({law}) er registrert, men saka er open. "
                        "Fjern heimelen eller lukk saka."
                    ).format(law=ref.short),
                )
            )
        return findings

    if basis is ClosureBasis.KOML_11_5_3B:
        findings.append(
            RuleFinding(
                "O-1",
                Severity.INFO,
                _(
                    "Lukking etter {law} krev òg heimel for unntak i offentleglova; "
                    "vis til paragrafen i innkallinga og møteboka."
                ).format(law=ref.short),
            )
        )
    if basis is ClosureBasis.KOML_11_5_2 and meeting_form.is_remote:
        findings.append(
            RuleFinding(
                "M-6",
                Severity.REFUSAL,
                _(
                    "Ei sak som er lukka etter {law} (lovfesta teieplikt), kan ikkje "
                    "handsamast i fjernmøte eller hybridmøte ({remote_law}). Hald møtet fysisk."
                ).format(law=ref.short, remote_law=legal_reference("koml_11_7").short),
            )
        )
    return findings
