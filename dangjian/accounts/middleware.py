import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's default deny (views marked `@login_not_required` are public), answering an htmx
    request with a redirect the page follows, and sending a user whose password must change to the
    change page first."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(PASSWORD_CHANGE_EXEMPT)
        ):
            return redirect("accounts:password_change")
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=401)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return super().handle_no_permission(request, view_func)


# A user who must change the password can still reach the account pages and the API.
PASSWORD_CHANGE_EXEMPT = ("/accounts/", "/api/v1/")


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than SESSION_IDLE_TIMEOUT (等保: 登录连接超时自动退出), and
    any session older than SESSION_ABSOLUTE_TIMEOUT since its login however active it is. The
    session cookie's own expiry slides with every save, so the absolute limit is kept here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("login_at", now)
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1")
            if not request.path.startswith("/api/v1/"):
                last = request.session.get("last_seen", now)
                if now - last > settings.SESSION_IDLE_TIMEOUT:
                    logout(request)
                    return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1")
                if now - last > 30 or "last_seen" not in request.session:
                    request.session["last_seen"] = now
        return self.get_response(request)
