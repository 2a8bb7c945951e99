from django.db import models


class Role(models.TextChoices):
    COMMITTEE_STAFF = "committee_staff", "工委工作人员"
    UNIT_STAFF = "unit_staff", "单位党务工作者"
    BRANCH_SECRETARY = "branch_secretary", "支部书记"
    BRANCH_COMMITTEE = "branch_committee", "支委委员"
    MEMBER = "member", "党员"
    AUDITOR = "auditor", "审计员"
    DISCIPLINE = "discipline", "纪检监察干部"


# Roles that may change records in their scope.
WRITE_ROLES = {Role.COMMITTEE_STAFF, Role.UNIT_STAFF, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE}
# Roles that may reveal a full ID number (each reveal is logged) and export it unmasked.
FULL_ID_ROLES = {Role.COMMITTEE_STAFF, Role.UNIT_STAFF, Role.BRANCH_SECRETARY}
# Roles that see a subtree (a member sees only themselves).
SUBTREE_ROLES = WRITE_ROLES | {Role.AUDITOR}
# Roles that handle conduct complaints (作风问题举报) in their subtree; their extra right, the
# reporter's identity, is limited to the complaints assigned to them (organizations/scoping.py).
DISCIPLINE_ROLES = {Role.DISCIPLINE}
