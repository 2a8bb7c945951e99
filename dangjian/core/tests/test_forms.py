"""core.forms.run_service and run_service_message: the one way a page runs a service."""

import pytest
from django import forms

from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.forms import run_service, run_service_message


class NameForm(forms.Form):
    name = forms.CharField()


def _form() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def _raise(exc):
    raise exc


def test_the_result_of_the_service_is_returned():
    form = _form()
    assert run_service(form, lambda **kw: kw["n"] + 1, n=1) == 2 and not form.errors


def test_an_application_error_lands_on_its_field_or_the_form():
    form = _form()
    assert run_service(form, _raise, exc=ApplicationError("名称重复。", field="name")) is None
    assert form.errors == {"name": ["名称重复。"]}
    form = _form()
    run_service(form, _raise, exc=ApplicationError("不行。", field="elsewhere"))
    assert form.non_field_errors() == ["不行。"]


def test_a_field_map_renames_the_services_field():
    form = _form()
    run_service(form, _raise, field_map={"title": "name"}, exc=ApplicationError("太长。", field="title"))
    assert form.errors == {"name": ["太长。"]}


@pytest.mark.parametrize("exc", [Forbidden("无权操作。"), NotFound("不存在。")])
def test_forbidden_and_not_found_go_on_to_the_error_pages(exc):
    with pytest.raises(type(exc)):
        run_service(_form(), _raise, exc=exc)


def test_a_page_without_a_form_gets_the_result_or_the_message():
    assert run_service_message(lambda **kw: kw["n"] + 1, n=1) == (2, "")
    assert run_service_message(_raise, exc=ApplicationError("未到会议时间。")) == (None, "未到会议时间。")


@pytest.mark.parametrize("exc", [Forbidden("无权操作。"), NotFound("不存在。")])
def test_a_page_without_a_form_sends_forbidden_and_not_found_to_the_error_pages(exc):
    with pytest.raises(type(exc)):
        run_service_message(_raise, exc=exc)
