"""One rule for free text (core.text): NFC, no control or invisible format characters, applied
by the shared form field, the API's Text type and the import reader."""

import json

import pytest

from dangjian.accounts import services as account_services
from dangjian.core import excel, imports
from dangjian.core.errors import ApplicationError
from dangjian.core.text import clean_text
from dangjian.organizations.models import Unit
from dangjian.people.tests.test_api import new_person_body

RLO = "\u202e"
ZWSP = "\u200b"


@pytest.mark.parametrize("bad", [RLO, ZWSP, "\x07", "\u2066", "\ufeff", "\u200d", "\x1b"])
def test_it_refuses_control_and_invisible_format_characters(bad):
    with pytest.raises(ValueError, match=f"U\\+{ord(bad):04X}"):
        clean_text(f"张{bad}三")


def test_it_normalises_to_nfc_and_keeps_line_breaks():
    assert clean_text("Jose\u0301") == "Jos\u00e9"
    assert clean_text("第一行\n第二行\t制表") == "第一行\n第二行\t制表"
    assert clean_text("机关党建 2023") == "机关党建 2023"


def test_a_form_field_says_which_character_it_refuses(world, login):
    client = login(world.committee)
    response = client.post(
        "/orgs/units/new/", {"name": f"财政{RLO}厅", "category": "provincial", "sort_order": 0}
    )
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()
    assert not Unit.objects.filter(name__contains="财政").exclude(pk=world.unit_a.pk).exists()


def test_the_api_refuses_a_zero_width_space_in_a_name(world, client):
    _token, key = account_services.token_create(actor=world.secretary, user=world.secretary, name="t")
    response = client.post(
        "/api/v1/people",
        data=json.dumps(new_person_body(world, name=f"周{ZWSP}八")),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422
    assert "U+200B" in response.json()["message"] and "name" in response.json()["message"]


def test_the_api_stores_names_in_nfc(world, client):
    _token, key = account_services.token_create(actor=world.secretary, user=world.secretary, name="t")
    response = client.post(
        "/api/v1/people",
        data=json.dumps(new_person_body(world, name="Jose\u0301")),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Jos\u00e9"


def _sheet(rows):
    return excel.write_workbook(
        [excel.SheetSpec("名册", [excel.Column("姓名"), excel.Column("备注")], rows=rows)]
    )


def test_an_import_cell_with_a_bidi_override_refuses_the_file_naming_row_and_column():
    with pytest.raises(ApplicationError) as e:
        imports.read_sheet(
            _sheet([["张三", "好"], ["李四", f"a{RLO}b"]]),
            sheet="名册",
            columns={"姓名": "name", "备注": "note"},
            required=["姓名"],
        )
    assert "第3行“备注”" in e.value.message and "U+202E" in e.value.message


def test_import_cells_are_normalised_to_nfc():
    sheet = imports.read_sheet(
        _sheet([["Jose\u0301", "x"]]), sheet="名册", columns={"姓名": "name"}, required=["姓名"]
    )
    assert sheet.rows[0][1][0] == "Jos\u00e9"


def test_text_read_without_a_form_field_is_checked_by_the_service(world, login):
    from dangjian.accounts.models import ApiToken
    from dangjian.meetings.services import meetings as meeting_services
    from dangjian.meetings.tests.test_api import meeting

    client = login(world.secretary)
    page = client.post("/accounts/profile/", {"name": f"脚本{RLO}"}).content.decode()
    assert "U+202E" in page and not ApiToken.objects.filter(user=world.secretary).exists()
    m = meeting(world, world.a1, world.secretary)
    row = {"person_id": world.people["member_a1"].pk, "status": "leave", "leave_reason": f"病{ZWSP}假"}
    with pytest.raises(ApplicationError, match="U\\+200B"):
        meeting_services.attendance_record(actor=world.secretary, meeting=m, rows=[row])
