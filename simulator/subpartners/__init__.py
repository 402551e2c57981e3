"""Sub-partners: ``GET /v1/wholesale/subPartners`` and ``onBehalfOfSubPartnerOrgId``."""
