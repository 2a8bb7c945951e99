"""Survey findings move into the problem ledger: each finding recorded so far becomes a Problem
(source 调研, owned by its unit, assigned by the team's organisation) and the finding keeps only the
link to it (team, area, problem). The unit, date and description now live on the problem.

The columns are dropped and the link made required by the next migration, in a transaction of its
own: PostgreSQL refuses to alter a table while the rows written here still have deferred foreign-key
checks pending ("cannot ALTER TABLE ... because it has pending trigger events")."""

import django.db.models.deletion
from django.db import migrations, models

from dangjian.core.workdays import add_months

SURVEY = "survey"
ASSIGNED = "assigned"
ORGAN_COMMITTEE = "organ_committee"


def findings_to_problems(apps, schema_editor):
    SurveyFinding = apps.get_model("villages", "SurveyFinding")
    PartyOrganization = apps.get_model("organizations", "PartyOrganization")
    Problem = apps.get_model("problems", "Problem")
    ProblemEvent = apps.get_model("problems", "ProblemEvent")
    for f in SurveyFinding.objects.filter(problem__isnull=True).select_related("team__organization", "unit"):
        orgs = PartyOrganization.objects.filter(unit_id=f.unit_id, is_active=True)
        org = (
            orgs.filter(kind=ORGAN_COMMITTEE).order_by("depth", "path").first()
            or orgs.order_by("depth", "path").first()
            or f.team.organization
        )
        raised_by = f.team.organization
        deadline = add_months(f.found_on, 3)  # the ledger's default time limit (problems.rules)
        problem = Problem.objects.create(
            source=SURVEY,
            source_ref=f.team.name[:200],
            year=f.found_on.year,
            unit_id=f.unit_id,
            organization=org,
            raised_by=raised_by,
            root_id=org.root_id or org.pk,
            description=f.description,
            found_on=f.found_on,
            deadline=deadline,
            status=ASSIGNED,
        )
        ProblemEvent.objects.create(
            problem=problem,
            transition="create",
            from_state="",
            to_state=ASSIGNED,
            note=f"{raised_by.name}交办，整改时限{deadline:%Y年%m月%d日}",
        )
        f.problem = problem
        f.save(update_fields=["problem"])


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("problems", "0002_open_deadline_index"),
        ("villages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyfinding",
            name="problem",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_finding",
                to="problems.problem",
                verbose_name="问题",
            ),
        ),
        migrations.RunPython(findings_to_problems, migrations.RunPython.noop),
    ]
