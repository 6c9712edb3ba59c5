"""Public URLs of the catalogue. /documents/<id>/ is permanent once published (architecture.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.publications import feeds, views

app_name = "publications"
urlpatterns: list[URLPattern] = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<int:document_id>/print/", views.document_print, name="document_print"),
    path(
        "documents/<int:document_id>/attachments/<int:number>/",
        views.document_attachment_download,
        name="document_attachment",
    ),
    path("feeds/documents/", feeds.DocumentFeed(), name="feed_documents"),
    path("feeds/documents/atom/", feeds.DocumentAtomFeed(), name="feed_documents_atom"),
    path("feeds/orgs/<str:code>/", feeds.OrgDocumentFeed(), name="feed_org"),
    path("feeds/orgs/<str:code>/atom/", feeds.OrgDocumentAtomFeed(), name="feed_org_atom"),
    path("feeds/columns/<int:column_id>/", feeds.ColumnDocumentFeed(), name="feed_column"),
    path("feeds/columns/<int:column_id>/atom/", feeds.ColumnDocumentAtomFeed(), name="feed_column_atom"),
]
