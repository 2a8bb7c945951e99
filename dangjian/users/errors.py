"""Messages of user management (those about grants and usernames are in accounts.errors, which
people's bulk accounts share)."""

ERR_PERSON_NOT_FOUND = "未找到该身份证号对应的人员，或其不在您的权限范围内。"
ERR_PERSON_LINKED = "该人员已关联账号“{username}”。"
ERR_PERSON_HAS_USER = "人员“{name}”已有账号。"
