"""The shape of a regime profile file, checked strictly: a quoted date or boolean, an unknown key,
a window that ends before it starts, or two windows that overlap fail with one line naming the
file and the key (``bis.toml: windows[2].to: …``). The profile files are legal readings; a typo
in one must never silently change an answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from kb.lists import code_problem
from kb.schema import CONTROL_BASES, STAKE_BASES, TRUST_ROLES

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)

Pct = Annotated[float, Field(ge=0, le=100)]
Text = Annotated[str, Field(min_length=1)]


def _one_of(known: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in known:
            raise ValueError(f"{value!r} is not one of {', '.join(known)}")
        return value

    return AfterValidator(check)


def _list_code(value: str) -> str:
    """A built-in code (``SDN``) or a source's own (``os:au_dfat_sanctions``): a misspelt one never
    silently seeds nothing."""
    if problem := code_problem(value):
        raise ValueError(problem)
    return value


ListCode = Annotated[str, AfterValidator(_list_code)]
StakeBasis = Annotated[str, _one_of(STAKE_BASES)]
ControlBasis = Annotated[str, _one_of(CONTROL_BASES)]
TrustRole = Annotated[str, _one_of(TRUST_ROLES)]


class _Dated(BaseModel):
    model_config = _STRICT
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to")
    citation: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> _Dated:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"'to' ({self.end}) must come after 'from' ({self.start})")
        return self


class ThresholdSpec(_Dated):
    pct: Pct
    inclusive: bool  # true: pct or more catches; false: more than pct
    aggregate: bool | None = None  # None: the profile's
    # true: one holder's pct or more catches on its own even where several need more than pct
    # together (eu before 2024-07-03: the presumption of CJEU C-84/24 EM System)
    one_holder_inclusive: bool = False


class WindowSpec(_Dated):
    status: Literal["active", "suspended"]
    confirmed: bool = False  # checked against the Federal Register / official journal


class LicenseSpec(BaseModel):
    model_config = _STRICT
    inherit: bool = False  # caught affiliates inherit their listed owners' license requirements
    policies: list[Text] = []  # most restrictive first
    requirements: list[Text] = []


class ProfileSpec(BaseModel):
    model_config = _STRICT
    name: Text
    title: Text
    version: Text
    citation: str = ""
    seeds: list[ListCode] = Field(min_length=1)
    aggregate: bool
    bases: list[StakeBasis] = Field(min_length=1)
    control_catches: list[ControlBasis] = []
    control_possible: list[ControlBasis] = []
    foreign_only: bool
    below_threshold_possible: bool = False  # any smaller stake of an owner in reach gives possible
    seed_programs: dict[ListCode, list[Text]] = {}
    thresholds: list[ThresholdSpec] = Field(min_length=1)
    windows: list[WindowSpec] = []
    license: LicenseSpec = LicenseSpec()
    rebuttable: bool = False  # `kb rebut` may record that an owner's presumed control is rebutted
    # Trusts (CJEU C-483/23): a role here with a recorded power catches the trust; with `none`, nothing
    trust_catches: list[TrustRole] = []
    trust_possible: list[TrustRole] = []  # a role here (powers unknown or any) gives possible
    # A listed or caught party in one of these roles has an interest in the trust's property: the
    # answer flags the trust and what it holds (`interest_in_property`), never changing a status (ofac)
    interest_roles: list[TrustRole] = []

    @model_validator(mode="after")
    def _in_order(self) -> ProfileSpec:
        _sequence("thresholds", self.thresholds)
        _sequence("windows", self.windows)
        return self


def _sequence(key: str, items: Sequence[_Dated]) -> None:
    """Dated entries come in order of ``from`` and never overlap; gaps are allowed."""
    for i, (before, after) in enumerate(pairwise(items), start=1):
        if after.start < before.start:
            raise ValueError(
                f"{key}[{i}].from: {after.start} comes before {key}[{i - 1}].from ({before.start}): "
                f"list them in order of 'from'"
            )
        if before.end is None or before.end > after.start:
            raise ValueError(
                f"{key}[{i}] overlaps {key}[{i - 1}], which runs to {before.end or 'no end'}: "
                f"each must end ('to') no later than the next one's 'from'"
            )


_HINTS = {
    "date_type": "expected a date written YYYY-MM-DD without quotes",
    "bool_type": "expected true or false without quotes",
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def _where(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part != "[key]" and not str(part).startswith(("function-", "literal[", "nullable", "tuple[")):
            text += f".{part}" if text else str(part)
    return text


def one_line(error: ValidationError) -> str:
    """The first problem pydantic found, as ``key: what is wrong (got …)``."""
    first = error.errors(include_url=False)[0]
    where = _where(tuple(first["loc"]))
    if first["type"] == "value_error":  # from the validators above: they name their own keys
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    message = _HINTS.get(first["type"], str(first["msg"]))
    got = "" if first["type"] in ("missing", "extra_forbidden") else f", got {first['input']!r}"
    return f"{where}: {message}{got}"
