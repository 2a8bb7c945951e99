from dangjian.organizations import scoping


def permissions(request):
    """`perms_ui`: what the user's grants allow, for templates that show or hide parts of a page."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"perms_ui": scoping.ui_permissions(user)}
