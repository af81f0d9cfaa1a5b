from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.access import PUBLIC, SIGNED_IN, access

from . import forms, services

login = access(PUBLIC)(
    auth_views.LoginView.as_view(authentication_form=forms.LoginForm, redirect_authenticated_user=True)
)
logout = access(PUBLIC)(auth_views.LogoutView.as_view())


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):  # type: ignore[type-arg]
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("core:home")
    success_message = gettext_lazy("Your password has been changed.")


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
