"""Case managers' accounts: signing in and out, joining an agency by invitation, and the agency admin's
page (members, invitations, sharing, recent activity)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .access import agency_admin_required
from .forms import ActiveForm, InviteForm, SharingForm
from .models import AuditEntry

Action = AuditEntry.Action
# An invitee has no password yet to be throttled by: the session is opened with the plain backend.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(LoginView):
    template_name = "casework/login.html"
    redirect_authenticated_user = True


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def join(request, token):
    """Accept an invitation: the invitee chooses a password and is signed in to their agency's workspace."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None or not invitation.is_usable:
        response = render(request, "casework/invitation_gone.html", status=404 if invitation is None else 410)
    else:
        user = get_user_model()(username=invitation.email.lower(), email=invitation.email)
        form = SetPasswordForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
            except ValueError:
                return render(request, "casework/invitation_gone.html", status=410)
            login(request, user, backend=MODEL_BACKEND)
            services.audit(user, Action.MEMBER_JOIN, user.membership)
            messages.success(request, f"Welcome to {invitation.agency.name}'s workspace.")
            return redirect("casework:dashboard")
        context = {"form": form, "invitation": invitation}
        response = render(request, "casework/join.html", context, status=400 if form.errors else 200)
    # Keeps the token from other sites. Not no-referrer: browsers would then send the page's forms with
    # "Origin: null", and the CSRF check would refuse them.
    response["Referrer-Policy"] = "same-origin"
    return response


@agency_admin_required
@require_safe
def agency(request):
    membership = request.membership
    context = {
        "agency": membership.agency,
        "members": selectors.agency_members(membership=membership),
        "invitations": selectors.pending_invitations(membership=membership),
        "activity": selectors.recent_activity(membership=membership),
        "invite_form": InviteForm(),
        "sharing_form": SharingForm(initial={"shares_clients": membership.agency.shares_clients}),
        "invitation_days": settings.CASEWORK_INVITATION_DAYS,
    }
    return render(request, "casework/agency.html", context)


@agency_admin_required
@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", ["Enter a valid email address."])))
        return redirect("casework:agency")
    invitation, token = services.invitation_create(
        agency=request.membership.agency, by=request.user, **form.cleaned_data
    )
    services.audit(request.user, Action.MEMBER_INVITE, invitation)
    url = request.build_absolute_uri(reverse("casework:join", args=[token]))
    # Shown once: only the token's hash is stored. The admin sends it to the invitee themselves.
    return render(request, "casework/invitation_created.html", {"invitation": invitation, "url": url})


@agency_admin_required
@require_POST
def member_active(request, membership_id):
    member = get_object_or_404(selectors.agency_members(membership=request.membership), pk=membership_id)
    form = ActiveForm(request.POST)
    form.is_valid()
    active = form.cleaned_data.get("active", False)
    if member.pk == request.membership.pk:
        messages.error(request, "You cannot deactivate yourself: ask another agency admin.")
    elif member.active != active:
        services.member_set_active(membership=member, active=active)
        services.audit(request.user, Action.MEMBER_REACTIVATE if active else Action.MEMBER_DEACTIVATE, member)
        messages.success(request, f"{member.user.username} is {'active again' if active else 'deactivated'}.")
    return redirect("casework:agency")


@agency_admin_required
@require_POST
def sharing(request):
    form = SharingForm(request.POST)
    form.is_valid()
    agency = request.membership.agency
    services.agency_set_sharing(agency=agency, shares_clients=form.cleaned_data.get("shares_clients", False))
    services.audit(request.user, Action.AGENCY_UPDATE, agency)
    messages.success(request, "Sharing saved.")
    return redirect("casework:agency")
