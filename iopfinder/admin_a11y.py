"""Accessible names for the Django admin's stock widgets that have none.

A tabular inline labels its inputs only by column headings, which assistive technology does not tie to
the inputs, and the split date/time widget prints "Date:" and "Time:" as plain text. axe-core reports
both as critical ("Form elements must have labels"), so curators using a screen reader would hear
"edit text" with no name. These give every such input an aria-label naming its field (and row)."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models


class LabelledSplitDateTime(AdminSplitDateTime):
    def __init__(self, label: str, attrs=None):
        self.label = label
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(context["widget"]["subwidgets"], ("date", "time"), strict=True):
            subwidget["attrs"]["aria-label"] = f"{self.label}: {part}"
        return context


class LabelledDateTimeMixin:
    """ModelAdmin/inline mixin: date-time fields use LabelledSplitDateTime."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and "widget" not in kwargs:
            kwargs["widget"] = LabelledSplitDateTime(str(db_field.verbose_name).capitalize())
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LabelledTabularInline(LabelledDateTimeMixin, admin.TabularInline):
    """A TabularInline whose inputs are named "<column> (<item> <row>)", e.g. "Number (phone 1)"."""

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        item = str(self.model._meta.verbose_name)

        class LabelledFormSet(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new" if index is None else index + 1
                for name, field in form.fields.items():
                    label = "Delete" if name == "DELETE" else str(field.label or name).capitalize()
                    field.widget.attrs.setdefault("aria-label", f"{label} ({item} {row})")

        return LabelledFormSet
