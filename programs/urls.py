from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.home, name="home"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
]
