from django.contrib import admin

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued with `manage.py create_api_key NAME` (the key is printed once); here they are
    renamed or revoked."""

    list_display = ["name", "active", "created"]
    list_filter = ["active"]
    search_fields = ["name"]
    readonly_fields = ["created"]

    def has_add_permission(self, request):
        return False
