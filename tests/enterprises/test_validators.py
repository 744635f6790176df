import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import credit_code_check_char, credit_code_problem, validate_credit_code

# Published codes of real companies (and the standard's own worked example).
REAL_CODES = [
    "914403001922038216",  # Huawei Technologies Co., Ltd.
    "91520000214434146R",  # Kweichow Moutai Co., Ltd.
    "91440300192181490G",  # China Vanke Co., Ltd.
    "91440300192185379H",  # Ping An Bank Co., Ltd.
    "91440300192317458F",  # BYD Company Limited
    "9144030071526726XG",  # Shenzhen Tencent Computer Systems Co., Ltd.
    "91350100M000100Y43",  # worked example used in GB 32100-2015 guidance
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert credit_code_problem(code) is None
    validate_credit_code(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_changing_the_check_character_is_caught(code):
    wrong = "1" if code[-1] != "1" else "2"
    problem = credit_code_problem(code[:17] + wrong)
    assert problem == f"check character is {wrong}, but the first 17 characters give {code[-1]}"


def test_check_character_is_computed_from_first_17():
    assert credit_code_check_char("91520000214434146") == "R"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9144030019221", "must be 18 characters, not 13"),
        ("91440300192181490GX", "must be 18 characters, not 19"),
        ("9144030019218149OG", "not allowed in a credit code: O"),
        ("91440300i92181490G", "not allowed in a credit code: i"),
    ],
)
def test_malformed_codes_say_what_is_wrong(code, fragment):
    assert fragment in credit_code_problem(code)


def test_validator_raises_with_the_code_in_the_message():
    with pytest.raises(ValidationError, match="91440300192181490A"):
        validate_credit_code("91440300192181490A")
