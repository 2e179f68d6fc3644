from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # The language switch posts to set_language; page URLs carry no language prefix, so shared links keep working.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("casework.urls")),
    path("", include("insurance.urls")),
    path("", include("programs.urls")),
]
