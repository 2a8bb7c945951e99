"""Accounts for every member of a subtree, in one background job (unit staff and committee staff)."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from dangjian.accounts import errors
from dangjian.core.errors import Forbidden
from dangjian.organizations import scoping
from dangjian.organizations.forms import OrgChoiceField
from dangjian.organizations.models import PartyOrganization
from dangjian.people import accounts as member_accounts


class BulkAccountsForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = OrgChoiceField(label="为哪个党组织（含下级）的党员开通", actor=actor)


def _default_org(actor):
    paths = scoping.scope_of(actor).write_paths
    return PartyOrganization.objects.filter(path=paths[0]).first() if paths else None


@never_cache
def bulk_accounts(request):
    """GET: the form with how many members still lack an account; POST: submit the job."""
    actor = request.user
    org = _default_org(actor)
    if org is None:
        raise Forbidden(errors.ERR_BULK_ROLE)
    member_accounts.require_manager(actor, org)
    form = BulkAccountsForm(request.POST or None, actor=actor, initial={"organization": org})
    if request.method == "POST" and form.is_valid():
        job = member_accounts.bulk_accounts_submit(
            actor=actor, organization=form.cleaned_data["organization"]
        )
        return redirect("core:job", job.pk)
    pending = member_accounts.people_without_account(actor=actor, organization=org).count()
    return render(request, "users/bulk_accounts.html", {"form": form, "org": org, "pending": pending})


@never_cache
def bulk_print(request, job_id):
    job, rows = member_accounts.password_list(actor=request.user, job_id=job_id)
    return render(request, "users/bulk_print.html", {"job": job, "rows": rows})
