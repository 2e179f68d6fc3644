import json

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join

from .models import FeedRun, Source
from .tasks import refresh_source_task


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "location", "enabled", "refresh_every_hours", "last_success_at", "last_run"]
    list_filter = ["format", "enabled"]
    search_fields = ["name", "location"]
    readonly_fields = ["last_success_at", "locked_until"]
    actions = ["run_now"]

    @admin.display(description="last run")
    def last_run(self, obj):
        run = obj.runs.first()
        return f"{run.get_status_display()} {run.started_at:%Y-%m-%d %H:%M}" if run else "never"

    @admin.action(description="Run now (queue a refresh of the selected sources)")
    def run_now(self, request, queryset):
        for source in queryset:
            transaction.on_commit(lambda pk=source.pk: refresh_source_task.delay(pk, "admin"))
        self.message_user(request, f"Queued {queryset.count()} refresh(es); see Feed runs for the outcome.",
                          messages.SUCCESS)  # fmt: skip


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "trigger", "rows", "created", "updated", "unchanged",
                    "withdrawn", "restored", "rejected"]  # fmt: skip
    list_filter = ["status", "source", "trigger"]
    date_hierarchy = "started_at"
    list_select_related = ["source"]
    fields = ["source", "status", "trigger", "started_at", "finished_at", "error", "counts", "changes_table",
              "held_back_table", "rejected_table"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="counts")
    def counts(self, obj):
        return obj.summary()

    @admin.display(description="what changed")
    def changes_table(self, obj):
        rows = [
            (change["action"], change["program_id"], change["source_id"], _fields(change.get("fields", {})))
            for change in obj.changes
        ]
        return _table(["action", "program", "source id", "fields (before → after)"], rows)

    @admin.display(description="held back (curated fields the feed disagrees with)")
    def held_back_table(self, obj):
        rows = [
            (item["program_id"], item["field"], _short(item["directory"]), _short(item["feed"]))
            for item in obj.held_back
        ]
        return _table(["program", "field", "directory (kept)", "feed says"], rows)

    @admin.display(description="rejected rows")
    def rejected_table(self, obj):
        rows = [(item["row"], item["source_id"], "; ".join(item["reasons"])) for item in obj.rejected_rows]
        return _table(["row", "source id", "reasons"], rows)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 200 else text[:200] + "…"


def _fields(fields: dict) -> str:
    return "; ".join(f"{name}: {_short(old)} → {_short(new)}" for name, (old, new) in fields.items())


def _table(headers, rows):
    if not rows:
        return "—"
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headers))
    body = format_html_join("", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),)
                                                for row in rows))  # fmt: skip
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)
