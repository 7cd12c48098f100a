"""Time-phased policy and technology events.

An event changes lever values from its start month on and, if it has a duration, puts them
back when the duration ends (MODEL.md, Events). Each event type is one pydantic model; the
``kind`` field tells them apart in scenario files. Export bans are applied after every other
event, so a ban always wins over an export deal that overlaps it.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    model_serializer,
    model_validator,
)

from core.common.timegrid import HISTORY_START, LATEST_END, parse_month


def _check_month(text: str) -> str:
    parse_month(text)
    if not parse_month(HISTORY_START) <= parse_month(text) <= parse_month(LATEST_END):
        raise ValueError(f"{text} is outside {HISTORY_START} to {LATEST_END}")
    return text


Month = Annotated[str, AfterValidator(_check_month)]

MAX_RATIONALE = 2000  # characters: a paragraph of reasoning, not a report
MAX_SOURCE = 500  # characters: a citation or a link
EVIDENCE_FIELDS = ("rationale", "source")


_EVIDENCE_SCHEMA = {
    "rationale": {"type": "string", "maxLength": MAX_RATIONALE, "title": "Rationale",
                  "description": "Why this event is in the scenario (free text)."},
    "source": {"type": "string", "maxLength": MAX_SOURCE, "title": "Source",
               "description": "Where the evidence for it comes from (free text)."},
}


def _evidence_in_schema(schema: dict[str, Any]) -> None:
    schema.setdefault("properties", {}).update(_EVIDENCE_SCHEMA)


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False,
                              json_schema_extra=_evidence_in_schema)
    title: ClassVar[str] = "Event"

    start: Month = Field(description="First month the event is in force (YYYY-MM).")
    duration_months: int | None = Field(
        None, ge=1, le=600, description="Months in force; empty means to the end of the run.")
    # The evidence (why, and where from) is read and written with the event but kept out of
    # its fields: forms built from the fields show only what changes the run.
    _rationale: str = PrivateAttr("")
    _source: str = PrivateAttr("")

    @model_validator(mode="wrap")
    @classmethod
    def _take_evidence(cls, data: Any, handler):
        evidence = {}
        if isinstance(data, dict) and any(key in data for key in EVIDENCE_FIELDS):
            data = dict(data)
            evidence = {key: data.pop(key) for key in EVIDENCE_FIELDS if key in data}
        event = handler(data)
        for key, value in evidence.items():
            _check_evidence_text(key, value)
            setattr(event, f"_{key}", value)
        return event

    @model_serializer(mode="wrap")
    def _dump_evidence(self, handler) -> dict[str, Any]:
        data = handler(self)
        for key in EVIDENCE_FIELDS:
            if getattr(self, f"_{key}"):
                data[key] = getattr(self, f"_{key}")
        return data

    @property
    def rationale(self) -> str:
        return self._rationale

    @property
    def source(self) -> str:
        return self._source

    def with_evidence(self, rationale: str, source: str):
        """A copy carrying this rationale and source (empty strings: none)."""
        _check_evidence_text("rationale", rationale)
        _check_evidence_text("source", source)
        copy = self.model_copy()
        copy._rationale, copy._source = rationale, source
        return copy

    def overrides(self) -> list[tuple[str, str, float]]:
        """(lever id, 'set' or 'add', value) while the event is in force."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line a person reads in a list or a briefing."""
        until = "" if self.duration_months is None else f" for {self.duration_months} months"
        return f"{self.title} from {self.start}{until}{self.detail()}"

    def detail(self) -> str:
        return ""

    def evidence(self) -> str:
        """Its rationale and source as one line; empty when it carries none."""
        return evidence_text(self.rationale, self.source)


def _check_evidence_text(key: str, value: Any) -> None:
    limit = MAX_RATIONALE if key == "rationale" else MAX_SOURCE
    if not isinstance(value, str):
        raise ValueError(f"{key}: must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{key}: at most {limit:,} characters, not {len(value):,}")


def evidence_text(rationale: str, source: str) -> str:
    """'rationale (source: ...)', or whichever of the two is given."""
    if rationale and source:
        return f"{rationale} (source: {source})"
    return rationale or (f"source: {source}" if source else "")


class ExportBan(_Event):
    """SAFE Chips Act style: no legal exports of advanced chips to China."""

    kind: Literal["export_ban"] = "export_ban"
    title: ClassVar[str] = "Export ban"
    duration_months: int | None = Field(30, ge=1, le=600)

    def overrides(self):
        return [("export_licensing", "set", 0.0)]


# The first export rule with a volume cap: the H200 licences of December 2025, capping
# China's volume of a chip at a share of US customers' volume of the same chip (N7). The
# rules before licensed China-only chips (A800/H800, H20) with no cap.
FIRST_VOLUME_CAP = "2025-12"
UNCAPPED = "export_volume_uncapped"  # an input, 1 while the export rule caps no volume


class LaggedExports(_Event):
    """H200 style: only chips at least ``lag_months`` old, with a volume cap and a fee. A rule
    starting before December 2025 (the first with a cap) has no volume cap."""

    kind: Literal["lagged_exports"] = "lagged_exports"
    title: ClassVar[str] = "Lagged exports"
    lag_months: float = Field(18, ge=0, le=36, description="Minimum chip age, months.")
    volume_cap_share: float = Field(0.5, ge=0, le=1, description=(
        "Cap: China's volume of the chip as a share of US customers' volume of it."))
    fee_share: float = Field(0.25, ge=0, le=0.5, description="Fee, share of price.")

    def overrides(self):
        return [("export_lag_months", "set", self.lag_months),
                ("export_volume_cap_share", "set", self.volume_cap_share),
                ("export_fee_share", "set", self.fee_share),
                ("export_licensing", "set", 1.0),
                (UNCAPPED, "set", 0.0 if self.capped else 1.0)]

    @property
    def capped(self) -> bool:
        """Whether the rule caps volume: those from December 2025 on (N7)."""
        return self.start >= FIRST_VOLUME_CAP

    def detail(self):
        cap = f"cap {self.volume_cap_share:.0%}" if self.capped else "no volume cap"
        return f": chips {self.lag_months:g} months old, {cap}, fee {self.fee_share:.0%}"


class FederalPreemption(_Event):
    """One federal rulebook overrides state AI laws (the Dec 2025 executive order's aim)."""

    kind: Literal["federal_preemption"] = "federal_preemption"
    title: ClassVar[str] = "Federal preemption"
    strength: float = Field(1.0, ge=0, le=1, description="Share of state rules overridden.")

    def overrides(self):
        return [("us_federal_preemption", "set", self.strength)]


class StateLawWave(_Event):
    """More states pass their own AI laws."""

    kind: Literal["state_law_wave"] = "state_law_wave"
    title: ClassVar[str] = "State law wave"
    states: int = Field(50, ge=0, le=50, description="States with their own AI laws.")

    def overrides(self):
        return [("us_states_with_ai_laws", "set", float(self.states))]

    def detail(self):
        return f": {self.states} states"


class TpuExternalSales(_Event):
    """Google sells TPUs to other companies (about $13B per 500,000 TPUs)."""

    kind: Literal["tpu_external_sales"] = "tpu_external_sales"
    title: ClassVar[str] = "TPU external sales"
    external_share: float = Field(0.25, ge=0, le=0.6, description="Share of TPU output sold.")

    def overrides(self):
        return [("tpu_external_share", "set", self.external_share)]

    def detail(self):
        return f": {self.external_share:.0%} of output"


class PowerBuildoutPush(_Event):
    """A national push that adds data-centre power on top of planned additions."""

    kind: Literal["power_buildout_push"] = "power_buildout_push"
    title: ClassVar[str] = "Power build-out push"
    duration_months: int | None = Field(36, ge=1, le=600)
    extra_gw_per_year: float = Field(10, ge=0, le=40, description="Extra GW per year.")

    def overrides(self):
        return [("us_dc_committed_additions_gw_per_year", "add", self.extra_gw_per_year)]

    def detail(self):
        return f": +{self.extra_gw_per_year:g} GW/yr"


class EfficiencyBreakthrough(_Event):
    """A one-off jump in Chinese algorithmic efficiency (as DeepSeek R1 in January 2025)."""

    kind: Literal["efficiency_breakthrough"] = "efficiency_breakthrough"
    title: ClassVar[str] = "Efficiency breakthrough"
    duration_months: None = None
    multiplier: float = Field(2.0, ge=1, le=10, description="Jump in CN algorithmic efficiency.")

    def overrides(self):
        return []

    def detail(self):
        return f": x{self.multiplier:g} Chinese algorithmic efficiency"


Event = Annotated[
    ExportBan | LaggedExports | FederalPreemption | StateLawWave | TpuExternalSales
    | PowerBuildoutPush | EfficiencyBreakthrough,
    Field(discriminator="kind"),
]

EVENT_TYPES: dict[str, type[_Event]] = {
    cls.model_fields["kind"].default: cls
    for cls in (ExportBan, LaggedExports, FederalPreemption, StateLawWave, TpuExternalSales,
                PowerBuildoutPush, EfficiencyBreakthrough)
}


def application_order(events: list[_Event]) -> list[int]:
    """Positions of the events in the order they are applied: bans last, so a ban wins."""
    return sorted(range(len(events)), key=lambda i: isinstance(events[i], ExportBan))
