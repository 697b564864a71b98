"""Every signed-in URL: anonymous → sign-in, the wrong user → 404 (or an empty list of
their own), the right user → the page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["certificates:course", "certificates:template", "certificates:issue", "certificates:zip"],
)
@pytest.mark.parametrize(
    "who,allowed",
    [
        ("trainer", True),
        ("staff", True),
        ("learner", False),
        ("coordinator", False),
        ("outsider", False),
    ],
)
def test_course_level_pages(client_for, request, certificate, name, who, allowed):
    url = reverse(name, kwargs={"slug": certificate.course.slug})
    client = client_for(request.getfixturevalue(who))
    response = (
        client.post(url, {"enrollment": certificate.enrollment_id})
        if name == "certificates:issue"
        else client.get(url)
    )
    assert response.status_code == (
        (302 if name == "certificates:issue" else 200) if allowed else 404
    )
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize(
    "name,data",
    [("certificates:unrevoke", {"note": ""}), ("certificates:replace", {"reason": "Korekta"})],
)
@pytest.mark.parametrize(
    "who,allowed",
    [
        ("trainer", True),
        ("staff", True),
        ("learner", False),
        ("coordinator", False),
        ("outsider", False),
    ],
)
def test_certificate_actions(client_for, request, certificate, trainer, name, data, who, allowed):
    from certificates import services

    services.certificate_revoke(certificate=certificate, by=trainer, reason="Sprawdzenie")
    url = reverse(name, kwargs={"pk": certificate.pk})
    response = client_for(request.getfixturevalue(who)).post(url, data)
    assert response.status_code == (302 if allowed else 404)
    certificate.refresh_from_db()
    changed = (
        certificate.revoked_at is None
        if name == "certificates:unrevoke"
        else certificate.replaced_at is not None
    )
    assert changed is allowed
    assert client_for(None).post(url, data).status_code == 302


def test_lists_show_only_what_the_user_may_see(
    client_for, certificate, learner, outsider, other_coordinator, coordinator
):
    assert (
        certificate.number in client_for(learner).get(reverse("certificates:mine")).content.decode()
    )
    assert (
        certificate.number
        not in client_for(outsider).get(reverse("certificates:mine")).content.decode()
    )
    assert (
        certificate.number
        in client_for(coordinator).get(reverse("certificates:organisation")).content.decode()
    )
    other = client_for(other_coordinator).get(reverse("certificates:organisation")).content.decode()
    assert certificate.number not in other
    for name in ("certificates:mine", "certificates:organisation"):
        response = client_for(None).get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_certificates_heads_each_certificate_one_level_under_the_page(
    client_for, certificate, learner
):
    import re

    page = client_for(learner).get(reverse("certificates:mine")).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    dashboard = client_for(learner).get(reverse("dashboard")).content.decode()
    assert f"<h3>{certificate.snapshot['course_title']}" in dashboard
