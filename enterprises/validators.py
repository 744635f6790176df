"""The unified social credit code (统一社会信用代码) of GB 32100-2015."""

from django.core.exceptions import ValidationError
from stdnum.cn import uscc

# The 31 characters of the code, in the order that gives each its value (no I, O, S, V, Z).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(ALPHABET)}
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code_check_char(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17 (python-stdnum's arithmetic;
    its ``validate()`` is not used because it also demands eight leading digits and words no error)."""
    return uscc.calc_check_digit(first17)


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return f"must be 18 characters, not {len(code)}"
    bad = sorted({char for char in code if char not in VALUES})
    if bad:
        return f"contains characters not allowed in a credit code: {''.join(bad)}"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]}, but the first 17 characters give {expected}"
    return None


def validate_credit_code(code: str) -> None:
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(
            "Invalid unified social credit code %(code)s: %(problem)s.",
            params={"code": code, "problem": problem},
            code="invalid_credit_code",
        )
