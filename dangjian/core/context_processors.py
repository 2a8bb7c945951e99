from dangjian.core import navigation


def csp_nonce(request):
    # django-htmx's htmx_script tag reads `csp_nonce`; django-csp only sets request.csp_nonce.
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def menu(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"menu": navigation.menu_for(user)}
