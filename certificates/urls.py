from django.urls import path

from .views import private, public

app_name = "certificates"
urlpatterns = [
    path("", private.mine, name="mine"),
    path("organisation/", private.organisation, name="organisation"),
    path("<int:pk>/certificate.pdf", private.download_pdf, name="pdf"),
    path("<int:pk>/credential.jwt", private.download_badge, name="badge"),
    path("<int:pk>/manage/", private.detail, name="detail"),
    path("<int:pk>/revoke/", private.revoke, name="revoke"),
    path("<int:pk>/unrevoke/", private.unrevoke, name="unrevoke"),
    path("<int:pk>/reissue/", private.reissue, name="reissue"),
    path("<int:pk>/replace/", private.replace, name="replace"),
    path("course/<slug:slug>/", private.course_certificates, name="course"),
    path("course/<slug:slug>/issue/", private.issue, name="issue"),
    path("course/<slug:slug>/template/", private.template_edit, name="template"),
    path(
        "course/<slug:slug>/template/preview.pdf", private.template_preview, name="template_preview"
    ),
    path("course/<slug:slug>/certificates.zip", private.course_zip, name="zip"),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("status/<str:code>/", public.status, name="status"),
    path("issuer/", public.issuer, name="issuer"),
    path("issuer/jwks.json", public.jwks, name="jwks"),
    path("issuer/keys/<str:kid>.json", public.jwk, name="jwk"),
    path("issuer/badge.svg", public.badge_image, name="badge_image"),
]
