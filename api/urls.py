from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import hsds_views, views
from .views import in_english

app_name = "api"

urlpatterns = [
    path("v1/programs/", in_english(views.ProgramList.as_view()), name="programs"),
    path("v1/programs/<int:pk>/", in_english(views.ProgramDetail.as_view()), name="program"),
    path("v1/vocabularies/", in_english(views.Vocabularies.as_view()), name="vocabularies"),
    path("v1/schema/", in_english(SpectacularAPIView.as_view()), name="schema"),
    path("v1/docs/", in_english(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("hsds/services", in_english(hsds_views.ServiceList.as_view()), name="hsds-services"),
    path("hsds/services/<str:service_id>", in_english(hsds_views.ServiceDetail.as_view()), name="hsds-service"),
    path("hsds/organizations", in_english(hsds_views.OrganizationList.as_view()), name="hsds-organizations"),
]
