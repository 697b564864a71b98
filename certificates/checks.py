from django.core.checks import Warning, register

from . import signing


@register(deploy=True)
def signing_key_configured(app_configs, **kwargs):
    if signing.is_configured():
        return []
    return [
        Warning(
            "Open Badges credentials are signed with a generated development key.",
            hint="Set CERTIFICATES_SIGNING_KEY (PEM) or CERTIFICATES_SIGNING_KEY_FILE; "
            "see docs/certificates.md.",
            id="certificates.W001",
        )
    ]
