from django.urls import path

from .views import catalog, files, learn, requests

app_name = "courses"
urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("<slug:slug>/", catalog.detail, name="detail"),
    path("<slug:slug>/enrol/", catalog.enrol, name="enrol"),
    path("<slug:slug>/request/", catalog.request_place, name="request"),
    path("<slug:slug>/withdraw/", catalog.withdraw, name="withdraw"),
    path("<slug:slug>/learn/", learn.learn, name="learn"),
    path("<slug:slug>/items/<int:item_id>/", learn.item, name="item"),
    path("<slug:slug>/items/<int:item_id>/complete/", learn.item_complete, name="item_complete"),
    path("<slug:slug>/items/<int:item_id>/file/<str:what>/", files.item_file, name="item_file"),
    path("<slug:slug>/preview/", learn.preview, name="preview"),
    path("<slug:slug>/preview/items/<int:item_id>/", learn.item_preview, name="item_preview"),
    path("<slug:slug>/requests/", requests.requests, name="requests"),
    path(
        "<slug:slug>/requests/<int:enrollment_id>/decide/", requests.decide, name="request_decide"
    ),
]
