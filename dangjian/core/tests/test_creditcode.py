"""统一社会信用代码 (GB 32100): the check character, normalisation and the refusals."""

import pytest

from dangjian.core import creditcode
from dangjian.core.errors import ApplicationError

VALID = ["91350100M000100Y43", "911100007109288314", creditcode.synthetic("210100", 12345)]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass_and_keep_their_form(code):
    assert creditcode.normalize(code) == code
    assert creditcode.check_char(code[:17]) == code[17]


def test_it_normalises_case_and_spaces():
    assert creditcode.normalize(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    "code,expected",
    [
        ("91350100M000100Y44", creditcode.ERR_CHECK.format(expected="3")),
        ("911100007109288315", creditcode.ERR_CHECK.format(expected="4")),
        ("9135010", creditcode.ERR_LENGTH.format(n=7)),
        ("91350100M000100YI3", creditcode.ERR_CHARS.format(chars="I")),
        ("913A0100M000100Y43", creditcode.ERR_DIVISION),
        ("", creditcode.ERR_EMPTY),
    ],
)
def test_it_rejects_a_wrong_check_character_and_malformed_codes(code, expected):
    with pytest.raises(ApplicationError) as e:
        creditcode.normalize(code, field="code")
    assert e.value.message == expected and e.value.field == "code"
    assert not creditcode.is_valid(code)


def test_every_single_character_change_is_caught_by_the_check_character():
    code = VALID[0]
    for i in range(17):
        for c in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if c == code[i] or (2 <= i < 8 and not c.isdigit()):
                continue
            assert not creditcode.is_valid(code[:i] + c + code[i + 1 :]), (i, c)


def test_a_synthetic_code_carries_a_valid_organisation_code_too():
    code = creditcode.synthetic("211300", 7)
    assert creditcode.is_valid(code) and code[2:8] == "211300"
