import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dangjian.accounts import services
from dangjian.accounts.forms import LoginForm
from dangjian.accounts.models import ApiToken
from dangjian.core import audit
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction


@login_not_required
def login_view(request):
    form = LoginForm(request.POST or None)
    error = "您长时间未操作，已自动退出，请重新登录。" if request.GET.get("timeout") else ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as e:
            error = e.message
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["login_at"] = int(time.time())  # the absolute session limit counts from here
            nxt = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
                nxt = ""
            return redirect(nxt or "home")
    return render(
        request, "accounts/login.html", {"form": form, "error": error, "next": request.GET.get("next", "")}
    )


def admin_login(request, extra_context=None):
    """Replaces Django admin's own login form, which has neither the lockout nor the audit: staff
    sign in on the login page; a signed-in user who is not staff finds no admin (404)."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        raise Http404
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, action=AuditAction.LOGOUT, obj=request.user)
    logout(request)
    return redirect("accounts:login")


def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        services.password_changed(user=user)
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改，原有API令牌已全部撤销。")
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@never_cache  # a new token's key is shown on this response only
def profile(request):
    new_key = None
    if request.method == "POST":
        try:
            _token, new_key = services.token_create(
                actor=request.user, user=request.user, name=request.POST.get("name", "")
            )
        except ApplicationError as e:
            messages.error(request, e.message)
    tokens = services.token_list(user=request.user)
    grants = request.user.grants.filter(revoked_at__isnull=True).select_related("organization")
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": tokens,
            "new_key": new_key,
            "grants": grants,
            "token_hours": round(settings.API_TOKEN_TTL.total_seconds() / 3600, 1),
        },
    )


@require_POST
def token_revoke(request, token_id):
    token = ApiToken.objects.filter(pk=token_id, user=request.user, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("令牌不存在。")
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"令牌“{token.name}”已撤销。")
    return redirect("accounts:profile")
