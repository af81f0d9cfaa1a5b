from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core import login_secrets
from apps.core.access import PUBLIC, SIGNED_IN, access

from . import forms, services, totp
from .lockout import lockout_response
from .models import User
from .policy import TwoFactorStep, two_factor_required, two_factor_step


class LoginView(auth_views.LoginView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Apps whose keys open with this password (a counsellor's key pair) unlock them now.
        login_secrets.password_login(self.request, form.get_user(), form.cleaned_data["password"])
        return response


login = access(PUBLIC)(
    LoginView.as_view(authentication_form=forms.LoginForm, redirect_authenticated_user=True)
)
logout = access(PUBLIC)(auth_views.LogoutView.as_view())


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):  # type: ignore[type-arg]
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("core:home")
    success_message = gettext_lazy("Your password has been changed.")

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        login_secrets.password_changed(self.request, form.user, data["old_password"], data["new_password1"])
        return super().form_valid(form)


password_change = access(SIGNED_IN)(PasswordChangeView.as_view())
password_reset_confirm = access(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        form_class=forms.SetPasswordForm, success_url=reverse_lazy("login")
    )
)


@access(PUBLIC)
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(
            email=form.cleaned_data["email"], domain=request.get_host(), use_https=request.is_secure()
        )
        messages.info(
            request,
            _("If this address belongs to an account, a link to set a new password is on its way."),
        )
        return redirect("login")
    return render(request, "registration/password_reset_form.html", {"form": form})


# --- two-factor login -------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would try any other word as a URL name (NoReverseMatch, a 500).
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request: HttpRequest) -> str:
    next_url = request.GET.get("next")
    return reverse(url_name) + ("?" + urlencode({"next": next_url}) if next_url else "")


def _complete_two_factor(request: HttpRequest, device: Any) -> None:
    """Mark the session verified, as django_otp.login does, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()


@access(SIGNED_IN)
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second login step for users with an authenticator app. Wrong codes count
    toward the login lockout, like wrong passwords."""
    step = two_factor_step(request.user)
    if step is TwoFactorStep.NONE:
        return redirect(_next_url(request))
    if step is TwoFactorStep.SETUP:
        return redirect(_with_next("two_factor_setup", request))
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - SIGNED_IN admits only users
    credentials = {"username": user.get_username()}
    form = forms.TwoFactorCodeForm(request.POST or None, submit_label=_("Log in"))
    if request.method == "POST" and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request)
        if services.two_factor_is_throttled(user=user):
            # Not checked, so not counted: the device makes each next try wait longer.
            form.add_error(
                "otp_token", _("Too many wrong codes in a row. Wait a moment, then enter the newest code.")
            )
            return render(request, "registration/two_factor_verify.html", {"form": form})
        device = services.two_factor_verify(user=user, token=form.cleaned_data["otp_token"])
        if device is not None:
            _complete_two_factor(request, device)
            return redirect(_next_url(request))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        form.add_error(
            "otp_token",
            _(
                "This code is not correct. Enter the newest code from your app; "
                "if it keeps failing, check that the time on your phone is right."
            ),
        )
    return render(request, "registration/two_factor_verify.html", {"form": form})


@access(SIGNED_IN)
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: scan the QR code (or type the secret) and confirm with a
    code. Users whose role requires it land here until they have done so."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - SIGNED_IN admits only users
    step = two_factor_step(user)
    if step is TwoFactorStep.VERIFY:
        return redirect(_with_next("two_factor_verify", request))
    if user.is_verified():  # type: ignore[attr-defined]
        messages.info(request, _("Two-factor login is already on for your account."))
        return redirect("account_security")
    device = services.two_factor_device_for_setup(user=user)
    form = forms.TwoFactorCodeForm(request.POST or None, submit_label=_("Turn on two-factor login"))
    if request.method == "POST" and form.is_valid():
        if services.two_factor_confirm(user=user, device=device, token=form.cleaned_data["otp_token"]):
            device.refresh_from_db()
            _complete_two_factor(request, device)
            messages.success(request, _("Two-factor login is on. From now on you log in with a code."))
            next_url = request.GET.get("next") or request.POST.get("next")
            return redirect(_next_url(request) if next_url else reverse("account_security"))
        form.add_error(
            "otp_token",
            _("This code is not correct. Check the time on your phone and try the newest code."),
        )
    context = {
        "form": form,
        "required": step is TwoFactorStep.SETUP,
        "secret": totp.secret_text(device),
        "qr_code": totp.qr_svg(device, title=_("QR code to scan with your authenticator app")),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@access(SIGNED_IN)
@never_cache
def account_security(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - SIGNED_IN admits only users
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    required = two_factor_required(user)
    disable_form = None
    if device is not None and not required:
        disable_form = forms.TwoFactorCodeForm(submit_label=_("Turn off two-factor login"))
        disable_form.fields["otp_token"].widget.attrs.pop("autofocus", None)
        disable_form.helper.form_action = reverse("two_factor_disable")
    context = {"device": device, "required": required, "disable_form": disable_form}
    return render(request, "accounts/account_security.html", context)


@access(SIGNED_IN)
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - SIGNED_IN admits only users
    form = forms.TwoFactorCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the code from your app to turn off two-factor login."))
        return redirect("account_security")
    try:
        disabled = services.two_factor_disable(user=user, token=form.cleaned_data["otp_token"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("account_security")
    if disabled:
        messages.success(request, _("Two-factor login is off."))
    else:
        messages.error(request, _("This code is not correct, so two-factor login is still on."))
    return redirect("account_security")
