from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import hsds_views, views

app_name = "api"
urlpatterns = [
    path("v1/programs/", views.ProgramList.as_view(), name="programs"),
    path("v1/programs/<int:pk>/", views.ProgramDetail.as_view(), name="program"),
    path("v1/vocabularies/", views.Vocabularies.as_view(), name="vocabularies"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("hsds/services", hsds_views.ServiceList.as_view(), name="hsds-services"),
    path("hsds/services/<str:service_id>", hsds_views.ServiceDetail.as_view(), name="hsds-service"),
    path("hsds/organizations", hsds_views.OrganizationList.as_view(), name="hsds-organizations"),
]
