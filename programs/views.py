from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Program

PAGE_SIZE = 20


def home(request):
    paginator = Paginator(selectors.program_list(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "programs/home.html", {"page": page, "programs": page.object_list})


def program_detail(request, pk: int):
    try:
        program = selectors.program_detail(pk=pk)
    except Program.DoesNotExist:
        raise Http404("No such program") from None
    return render(request, "programs/detail.html", {"program": program})
