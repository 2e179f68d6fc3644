"""Workspace URLs carry random ids (clients, shortlist items, share links) and never anything about a client."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import accounts, handoff, views

app_name = "casework"
urlpatterns = [
    path("casework/sign-in/", accounts.SignInView.as_view(), name="login"),
    path("casework/sign-out/", LogoutView.as_view(), name="logout"),
    path("casework/join/<str:token>/", accounts.join, name="join"),
    path("casework/", views.dashboard, name="dashboard"),
    path("casework/clients/new/", views.client_new, name="client_new"),
    path("casework/clients/<uuid:client_id>/", views.client_detail, name="client"),
    path("casework/clients/<uuid:client_id>/edit/", views.client_edit, name="client_edit"),
    path("casework/clients/<uuid:client_id>/delete/", views.client_delete, name="client_delete"),
    path("casework/clients/<uuid:client_id>/print/", handoff.shortlist_print, name="print"),
    path("casework/clients/<uuid:client_id>/shortlist.csv", handoff.shortlist_csv, name="csv"),
    path("casework/clients/<uuid:client_id>/share/", handoff.share_create, name="share_create"),
    path("casework/shares/<uuid:link_id>/revoke/", handoff.share_revoke, name="share_revoke"),
    path("casework/shortlist/add/", views.shortlist_add, name="shortlist_add"),
    path("casework/items/<uuid:item_id>/note/", views.item_note, name="item_note"),
    path("casework/items/<uuid:item_id>/move/", views.item_move, name="item_move"),
    path("casework/items/<uuid:item_id>/remove/", views.item_remove, name="item_remove"),
    path("casework/items/<uuid:item_id>/referral/", views.item_referral, name="item_referral"),
    path("casework/agency/", accounts.agency, name="agency"),
    path("casework/agency/invite/", accounts.invite, name="invite"),
    path("casework/agency/sharing/", accounts.sharing, name="sharing"),
    path("casework/agency/members/<int:membership_id>/active/", accounts.member_active, name="member_active"),
    # The client's read-only link: the token is random, not client data.
    path("shortlist/<str:token>/", handoff.shared, name="shared"),
]
