"""The workspace: clients, their shortlists and referrals. Every view finds objects through the selectors'
visibility rules (another person's object is a 404) and writes an audit entry."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from insurance.coverage import coverage_fit
from programs.models import Program

from . import selectors, services
from .access import client_or_404, item_or_404, member_required
from .forms import AddToShortlistForm, ClientForm, MoveForm, NoteForm, ReferralForm, ShareForm
from .models import AuditEntry, ReferralStatus

Action = AuditEntry.Action


def _back_to_client(item) -> str:
    return reverse("casework:client", args=[item.client_id]) + f"#item-{item.pk}"


@member_required
@require_safe
def dashboard(request):
    clients = list(selectors.client_list(user=request.user))
    referrals = list(selectors.open_referrals(user=request.user))
    services.audit(request.user, Action.CLIENT_LIST)
    services.audit(request.user, Action.REFERRAL_LIST)
    return render(request, "casework/dashboard.html", {"clients": clients, "referrals": referrals})


@sensitive_post_parameters("alias")
@member_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.agency_id = request.membership.agency_id
        form.instance.owner = request.user
        client = services.client_save(client=form.instance)
        services.audit(request.user, Action.CLIENT_CREATE, client)
        return redirect("casework:client", client.pk)
    return render(request, "casework/client_form.html", {"form": form}, status=400 if form.errors else 200)


@sensitive_post_parameters("alias")
@member_required
@require_http_methods(["GET", "POST"])
def client_edit(request, client_id):
    client = client_or_404(request, client_id)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        services.client_save(client=form.instance)
        services.audit(request.user, Action.CLIENT_UPDATE, client)
        return redirect("casework:client", client.pk)
    services.audit(request.user, Action.CLIENT_VIEW, client)
    context = {"form": form, "client": client}
    return render(request, "casework/client_form.html", context, status=400 if form.errors else 200)


@member_required
@require_POST
def client_delete(request, client_id):
    client = client_or_404(request, client_id)
    services.audit(request.user, Action.CLIENT_DELETE, client)
    client.delete()
    messages.success(request, "The client and their shortlist were deleted.")
    return redirect("casework:dashboard")


@member_required
@require_safe
def client_detail(request, client_id):
    client = client_or_404(request, client_id)
    items = selectors.shortlist(client=client)
    coverage = client.coverage
    for item in items:
        item.fit = coverage_fit(item.program, coverage) if coverage else None
        item.note_form = NoteForm(instance=item, prefix=f"n-{item.pk}")
        item.referral_form = ReferralForm(initial={"status": item.status}, prefix=f"r-{item.pk}")
    services.audit(request.user, Action.CLIENT_VIEW, client)
    context = {
        "client": client,
        "items": items,
        "share_links": client.share_links.usable(),
        "share_form": ShareForm(),
        "statuses": ReferralStatus,
    }
    return render(request, "casework/client_detail.html", context)


@member_required
@require_POST
def shortlist_add(request):
    """Add a program to one of the person's clients from the search, program or compare page."""
    form = AddToShortlistForm(request.POST, clients=selectors.clients_visible_to(request.user))
    if not form.is_valid():
        raise Http404("No such client or program")
    program = get_object_or_404(Program.objects.published(), pk=form.cleaned_data["program"])
    client = form.cleaned_data["client"]
    item, created = services.shortlist_add(client=client, program=program, by=request.user)
    services.audit(request.user, Action.SHORTLIST_ADD, item)
    if created:
        messages.success(request, "Added to the client's shortlist.")
    else:
        messages.info(request, "That program is already on this client's shortlist.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("casework:client", args=[client.pk])
    return redirect(target)


@sensitive_post_parameters()
@member_required
@require_POST
def item_note(request, item_id):
    item = item_or_404(request, item_id)
    form = NoteForm(request.POST, instance=item, prefix=f"n-{item.pk}")
    if form.is_valid():
        form.save()
        services.audit(request.user, Action.SHORTLIST_NOTE, item)
        messages.success(request, "Note saved.")
    else:
        messages.error(request, "The note is too long: keep it under 2,000 characters.")
    return redirect(_back_to_client(item))


@member_required
@require_POST
def item_move(request, item_id):
    item = item_or_404(request, item_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.shortlist_move(item=item, offset=form.cleaned_data["offset"])
        services.audit(request.user, Action.SHORTLIST_MOVE, item)
    return redirect(_back_to_client(item))


@member_required
@require_POST
def item_remove(request, item_id):
    item = item_or_404(request, item_id)
    services.audit(request.user, Action.SHORTLIST_REMOVE, item)
    item.delete()
    messages.success(request, "Removed from the shortlist.")
    return redirect("casework:client", item.client_id)


@sensitive_post_parameters()
@member_required
@require_POST
def item_referral(request, item_id):
    item = item_or_404(request, item_id)
    form = ReferralForm(request.POST, prefix=f"r-{item.pk}")
    if form.is_valid():
        services.referral_update(item=item, by=request.user, **form.cleaned_data)
        services.audit(request.user, Action.REFERRAL_UPDATE, item)
        messages.success(request, f"Referral marked “{ReferralStatus(form.cleaned_data['status']).label}”.")
    else:
        messages.error(request, "Choose a status and a valid date.")
    return redirect(_back_to_client(item))
