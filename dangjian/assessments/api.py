"""API: performance assessments and secretary appraisals. Reads through the selectors (a unit sees
its own published result only), writes through the services."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status

from dangjian.accounts.models import User
from dangjian.assessments import schemas as s
from dangjian.assessments import selectors as sx
from dangjian.assessments import services
from dangjian.assessments.models import Indicator
from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError
from dangjian.core.schemas import Id
from dangjian.organizations.models import Unit
from dangjian.problems.schemas import ProblemOut

router = Router(tags=["考核评议"])


@router.get("/assessments", response=list[s.AssessmentOut], summary="党建工作实绩考核（可见的）")
def assessment_list(request):
    return list(sx.assessment_list(actor=request.auth))


def _with_steps(obj, actor, wf: workflow.Workflow):
    obj.next_steps = [t.name for t in workflow.allowed_transitions(obj, actor, workflow=wf)]
    return obj


@router.get(
    "/assessments/{assessment_id}", response=s.AssessmentDetailOut, summary="考核及其指标、可执行的操作"
)
def assessment_get(request, assessment_id: Id):
    return _with_steps(
        sx.assessment_get(actor=request.auth, assessment_id=assessment_id), request.auth, ASSESSMENT
    )


@router.get("/assessments/{assessment_id}/timeline", response=list[s.EventOut], summary="考核流转记录")
def assessment_timeline(request, assessment_id: Id):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    return list(workflow.timeline(a, workflow=ASSESSMENT))


@router.get(
    "/assessments/{assessment_id}/units",
    response=list[s.AssessedUnitOut],
    summary="被考核单位、总分、等次、名次",
)
def assessed_list(request, assessment_id: Id):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    return list(sx.assessed_units(actor=request.auth, assessment=a))


@router.get(
    "/assessments/{assessment_id}/units/{assessed_id}/scores", response=list[s.ScoreOut], summary="单位得分"
)
def scores_get(request, assessment_id: Id, assessed_id: Id):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    au = sx.assessed_get(actor=request.auth, assessment=a, assessed_id=assessed_id)
    return list(sx.scores_of(au).values())


@router.post(
    "/assessments/{assessment_id}/units/{assessed_id}/scores",
    response=list[s.ScoreOut],
    summary="评分（整表，得分不能超过指标分值）",
)
def scores_post(request, assessment_id: Id, assessed_id: Id, payload: s.ScoresIn):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    au = sx.assessed_get(actor=request.auth, assessment=a, assessed_id=assessed_id)
    indicators = {i.pk: i for i in Indicator.objects.filter(assessment=a)}
    rows = []
    for row in payload.scores:
        if row.indicator_id not in indicators:
            raise ApplicationError(f"指标{row.indicator_id}不属于本次考核。", field="indicator_id")
        rows.append({"indicator": indicators[row.indicator_id], "score": row.score, "evidence": row.evidence})
    return services.scores_record(actor=request.auth, assessed=au, rows=rows)


@router.post(
    "/assessments/{assessment_id}/units/{assessed_id}/findings",
    response={201: ProblemOut},
    summary="考核发现的问题记入问题清单",
)
def finding_post(request, assessment_id: Id, assessed_id: Id, payload: s.FindingIn):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    au = sx.assessed_get(actor=request.auth, assessment=a, assessed_id=assessed_id)
    sub = None
    if payload.subordinate_unit_id:
        sub = Unit.objects.filter(pk=payload.subordinate_unit_id).first()
        if sub is None:
            raise ApplicationError("下属单位不存在。", field="subordinate_unit_id")
    p = services.finding_create(
        actor=request.auth,
        assessed=au,
        description=payload.description,
        subordinate=sub,
        measures=payload.measures,
    )
    return Status(201, p)


@router.get("/appraisal-rounds", response=list[s.RoundOut], summary="述职评议考核（可见的）")
def round_list(request):
    return list(sx.round_list(actor=request.auth))


@router.get("/appraisal-rounds/{round_id}/appraisals", response=list[s.AppraisalOut], summary="本轮述职评议")
def appraisal_list(request, round_id: Id):
    r = sx.round_get(actor=request.auth, round_id=round_id)
    return list(sx.appraisals_of(actor=request.auth, round=r))


@router.get("/appraisals/{appraisal_id}", response=s.AppraisalOut, summary="书记述职评议及可执行的操作")
def appraisal_get(request, appraisal_id: Id):
    return _with_steps(
        sx.appraisal_get(actor=request.auth, appraisal_id=appraisal_id), request.auth, APPRAISAL
    )


@router.get("/appraisals/{appraisal_id}/timeline", response=list[s.EventOut], summary="述职评议流转记录")
def appraisal_timeline(request, appraisal_id: Id):
    ap = sx.appraisal_get(actor=request.auth, appraisal_id=appraisal_id)
    return list(workflow.timeline(ap, workflow=APPRAISAL))


@router.post("/appraisals/{appraisal_id}/steps", response=s.AppraisalOut, summary="确定评议等次（conclude）")
def appraisal_step(request, appraisal_id: Id, payload: s.AppraisalStepIn):
    ap = sx.appraisal_get(actor=request.auth, appraisal_id=appraisal_id)
    services.appraisal_transition(actor=request.auth, appraisal=ap, name=payload.name, note=payload.note)
    return _with_steps(ap, request.auth, APPRAISAL)


@router.post("/appraisals/{appraisal_id}/report", response=s.AppraisalOut, summary="提交述职报告")
def appraisal_report(request, appraisal_id: Id, payload: s.ReportIn):
    ap = sx.appraisal_get(actor=request.auth, appraisal_id=appraisal_id)
    services.appraisal_report(actor=request.auth, appraisal=ap, report=payload.report)
    return _with_steps(ap, request.auth, APPRAISAL)


@router.post(
    "/appraisals/{appraisal_id}/ratings",
    response=s.AppraisalOut,
    summary="测评（好/较好/一般/差，按本轮设置）",
)
def appraisal_rate(request, appraisal_id: Id, payload: s.RatingIn):
    ap = sx.appraisal_get(actor=request.auth, appraisal_id=appraisal_id)
    services.appraisal_rate(actor=request.auth, appraisal=ap, grade=payload.grade, comment=payload.comment)
    return ap


@router.post("/assessments", response={201: s.AssessmentOut}, summary="新建党建工作实绩考核（工委）")
def assessment_create(request, payload: s.AssessmentIn):
    bands = [list(b) for b in payload.grade_bands] if payload.grade_bands is not None else None
    a = services.assessment_create(
        actor=request.auth, name=payload.name, year=payload.year, grade_bands=bands
    )
    return Status(201, a)


@router.post(
    "/assessments/{assessment_id}/indicators", response={201: s.IndicatorOut}, summary="添加考核指标"
)
def indicator_create(request, assessment_id: Id, payload: s.IndicatorIn):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    parent = None
    if payload.parent_id:
        parent = Indicator.objects.filter(assessment=a, pk=payload.parent_id).first()
        if parent is None:
            raise ApplicationError("上级指标不属于本次考核。", field="parent_id")
    ind = services.indicator_add(
        actor=request.auth,
        assessment=a,
        name=payload.name,
        max_score=payload.max_score,
        rule=payload.rule,
        parent=parent,
    )
    return Status(201, ind)


@router.post(
    "/assessments/{assessment_id}/units",
    response={201: list[s.AssessedUnitOut]},
    summary="列入被考核单位并指定考核人员",
)
def units_create(request, assessment_id: Id, payload: s.UnitsIn):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    units = list(Unit.objects.filter(pk__in=payload.unit_ids, is_active=True))
    if len(units) != len(set(payload.unit_ids)):
        raise ApplicationError("有单位不存在。", field="unit_ids")
    assessor = None
    if payload.assessor_id:
        assessor = User.objects.filter(pk=payload.assessor_id, is_active=True).first()
        if assessor is None:
            raise ApplicationError("考核人员不存在。", field="assessor_id")
    return Status(201, services.units_add(actor=request.auth, assessment=a, units=units, assessor=assessor))


@router.post(
    "/assessments/{assessment_id}/steps",
    response=s.AssessmentOut,
    summary="开始评分（start）或公布结果（publish）",
)
def assessment_step(request, assessment_id: Id, payload: s.StepIn):
    a = sx.assessment_get(actor=request.auth, assessment_id=assessment_id)
    name = "start_scoring" if payload.step == "start" else "publish"
    services.assessment_transition(actor=request.auth, assessment=a, name=name, note=payload.note)
    return a
