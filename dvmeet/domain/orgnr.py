"""Norwegian organisation numbers (Enhetsregisteret): nine digits, the last a modulus-11
check digit over the first eight with the weights 3 2 7 6 5 4 3 2."""

from __future__ import annotations

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int | None:
    """The check digit of the first eight digits, or None when no number can end them
    (the remainder gives 10: Brønnøysund never issues such a number)."""
    total = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise(text: str) -> str:
    """The digits of a number as typed ("974 760 673" and "974760673" alike)."""
    return "".join(text.split())


def is_valid(number: str) -> bool:
    """Nine digits whose last is the check digit of the first eight."""
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])
