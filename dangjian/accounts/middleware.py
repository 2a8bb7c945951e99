import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

# Paths reachable without a session: the login page, static files and the API (which has its
# own bearer-token authentication and answers 401 itself).
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/api/v1/", "/favicon.ico", "/meetings/signin/")


class LoginRequiredMiddleware:
    """Default deny: every page needs a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.headers.get("HX-Request"):
                from django.http import HttpResponse

                response = HttpResponse(status=401)
                response["HX-Redirect"] = reverse(settings.LOGIN_URL)
                return response
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}")
        if (request.user.is_authenticated and getattr(request.user, "must_change_password", False)
                and not request.path.startswith(("/accounts/", "/static/", "/api/v1/"))):
            return redirect("accounts:password_change")
        return self.get_response(request)


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
