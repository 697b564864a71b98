from django.urls import path

from .views import learn, libraries, player, studio

app_name = "h5p"
urlpatterns = [
    # Player origin only (h5p.middleware): token-authorised, no session.
    path("play/<str:token>/", player.play, name="play"),
    path("play/<str:token>/h5p.json", player.asset, {"area": "h5p.json"}, name="asset_h5p_json"),
    path(
        "play/<str:token>/content/<path:path>",
        player.asset,
        {"area": "content"},
        name="asset_content",
    ),
    path(
        "play/<str:token>/libraries/<path:path>",
        player.asset,
        {"area": "libraries"},
        name="asset_library",
    ),
    # Academy origin: the learner's relay, with session and CSRF.
    path("items/<int:item_id>/statements/", learn.statement, name="statement"),
    path("items/<int:item_id>/state/", learn.state, name="state"),
    path("items/<int:item_id>/errors/", learn.error, name="error"),
    # Trainers.
    path("modules/<int:module_id>/new/", studio.create, name="create"),
    path("items/<int:item_id>/settings/", studio.edit, name="edit"),
    path("items/<int:item_id>/results/", studio.results, name="results"),
    path("items/<int:item_id>/results.csv", studio.results_csv, name="results_csv"),
    # Staff.
    path("libraries/", libraries.index, name="libraries"),
    path(
        "libraries/<int:pk>/approve/",
        libraries.decide,
        {"action": "approve"},
        name="library_approve",
    ),
    path(
        "libraries/<int:pk>/revoke/", libraries.decide, {"action": "revoke"}, name="library_revoke"
    ),
]
