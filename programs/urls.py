from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("programs/<int:pk>/report/", views.report_problem, name="report"),
    path("compare/", views.compare, name="compare"),
    path("compare/<int:pk>/toggle/", views.compare_toggle, name="compare_toggle"),
    path("match/", views.match, name="match"),
]
