"""The Jean Monnet rule check in the API: ``POST /api/v1/jean-monnet/check``.

It reads a proposal's facts as JSON and answers which rules of its action and call year they
break, with the same pure rules as the teachers' workspace and the public checker (it stores
nothing, so it is public like the grant calculator). Malformed input gets 400 with
``{"field": ..., "detail": ...}``, as the grants API does.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from erasmusdesk.core.erasmus_countries import COUNTRY_CODES
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.source_notes import translated_source
from erasmusdesk.institutions.api import INVALID_INPUT, Language
from erasmusdesk.jeanmonnet.parsing import facts_from_json
from erasmusdesk.jeanmonnet.services import check_facts

router = Router(tags=["jean-monnet"])


class JeanMonnetRefusal(Schema):
    field: str = Field(description="The field that is malformed")
    detail: str = Field(description="What is wrong, in the requested language")


class JeanMonnetProblem(Schema):
    field: str = Field(description="The field of the proposal the rule concerns")
    rule: str = Field(description="The rule's stable code, e.g. min_hours_per_year")
    detail: str = Field(description="What is wrong, in the requested language")


class JeanMonnetCheck(Schema):
    eligible: bool
    problems: list[JeanMonnetProblem]
    maximum_grant_eur: str | None = Field(description="The call year's ceiling, if entered")
    funding_rate: int | None = Field(description="Maximum share of eligible costs, per cent")
    rules_source: str | None


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["call_year", "action"],
                    "properties": {
                        "call_year": {
                            "type": "integer",
                            "minimum": 2014,
                            "maximum": 2100,
                            "example": 2026,
                        },
                        "action": {
                            "type": "string",
                            "enum": [
                                "module",
                                "chair",
                                "centre",
                                "network",
                                "policy_debate_network",
                                "project",
                                "association",
                            ],
                        },
                        "hours_per_year": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 0, "maximum": 10000},
                        },
                        "duration_months": {"type": "integer", "minimum": 0, "maximum": 120},
                        "requested_eur": {
                            "type": "string",
                            "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
                            "example": "35000.00",
                        },
                        "partners": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name", "country"],
                                "properties": {
                                    "name": {
                                        "type": "string",
                                        "maxLength": 200,
                                        "pattern": "^[^\\x00]*$",
                                    },
                                    "country": {
                                        "type": "string",
                                        "enum": sorted(COUNTRY_CODES),
                                        "description": "ISO 3166-1 alpha-2, EL for Greece",
                                        "example": "EL",
                                    },
                                },
                            },
                        },
                        "holder_position": {
                            "type": "string",
                            "enum": ["professor", "senior_lecturer", "lecturer", "researcher"],
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/jean-monnet/check",
    response={200: JeanMonnetCheck, 400: JeanMonnetRefusal, **INVALID_INPUT},
    summary="Check a Jean Monnet proposal against its action's rules",
    openapi_extra=_BODY,
    url_name="jean_monnet_check",
)
def check(request: HttpRequest, lang: Language = "en"):
    """Every rule the proposal breaks, with the field, the rule and what is wrong."""
    try:
        facts = facts_from_json(request.body)
    except DomainError as error:
        return Status(400, {"field": error.field or "", "detail": str(error.message)})
    rules, problems = check_facts(facts)
    return {
        "eligible": not problems,
        "problems": [
            {"field": problem.field, "rule": problem.rule, "detail": problem.detail}
            for problem in problems
        ],
        "maximum_grant_eur": (
            f"{rules.max_grant_eur:.2f}" if rules and rules.max_grant_eur is not None else None
        ),
        "funding_rate": rules.funding_rate_percent if rules else None,
        "rules_source": translated_source(rules.source) if rules else None,
    }
