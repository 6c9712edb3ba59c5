"""The public reading room of the 政府公报: years → issues → an issue's documents, search, DOCX download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.publications.gazette import (
    gazette_issue_documents,
    gazette_issue_list_public,
    gazette_issue_public,
    gazette_search,
    gazette_years,
)
from gongkai.publications.gazette_docx import gazette_issue_docx

SEARCH_LIMIT = 100


def gazette_index(request: HttpRequest) -> HttpResponse:
    """The years with issues, the latest issues, and search results for ?q= (title words)."""
    query = request.GET.get("q", "").strip()[:100]
    results = list(gazette_search(query)[:SEARCH_LIMIT]) if query else None
    context = {
        "years": gazette_years(),
        "latest": list(gazette_issue_list_public()[:10]),
        "query": query,
        "results": results,
    }
    return render(request, "publications/gazette/index.html", context)


def gazette_year(request: HttpRequest, year: int) -> HttpResponse:
    issues = list(gazette_issue_list_public(year=year))
    if not issues:
        raise Http404
    return render(request, "publications/gazette/year.html", {"year": year, "issues": issues})


def gazette_issue(request: HttpRequest, year: int, number: int) -> HttpResponse:
    issue = gazette_issue_public(year=year, number=number)
    if issue is None:
        raise Http404
    context = {"issue": issue, "documents": gazette_issue_documents(issue)}
    return render(request, "publications/gazette/issue.html", context)


def gazette_issue_download(request: HttpRequest, year: int, number: int) -> HttpResponse:
    issue = gazette_issue_public(year=year, number=number)
    if issue is None:
        raise Http404
    content = gazette_issue_docx(issue, gazette_issue_documents(issue))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="gazette-{year}-{number}.docx"'
    return response
