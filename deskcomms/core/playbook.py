"""Playbooks as data: the stage/transition definitions in ``resources/playbooks/*.json``.

A playbook file holds its stages (id, title, who holds the ball, the rule that times the next action,
the template it calls for), the transitions of its lifecycle graph (from, to, the event that moves the
case and an optional condition on the event's fields), the extra ``moves`` the playbook text implies
but the graph does not draw, which events may happen in a stage without moving it (``stay``) or
anywhere, and every cadence and duration as a named parameter in business days or hours. It also
carries every other fact about its stages: which events complete each next action (``done_by``), the
stages that play a role the rules know (``roles``, ``reopen_to``), and the texts a stage gives to drafts
and call preparation (``next_steps``, ``call_steps``, ``call_gather``, ``voicemail_reason``).
Loading validates all of it and names the file and key of any mistake. This module knows no rule: the
caller hands it the rules a stage may name (their names and the parameters each reads), and the engine
(:mod:`.engine.rules`) is the one that does, so the playbook is the foundation the engine stands on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from .errors import ValidationError
from .events import KINDS


class Ball(StrEnum):
    """Who holds the ball in a stage (playbook rules §2): us, the customer, or nobody (waiting on a decision)."""

    OURS = "ours"
    THEIRS = "theirs"
    NONE = "none"


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    ball: Ball
    rule: str
    action: str
    template: str | None = None
    help: str = ""
    eta_required: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    next_steps: str = ""  # the sentence a status email gives as our next step in this stage
    call_steps: tuple[str, ...] = ()  # what to cover on a call in this stage (the call checklist)
    call_gather: tuple[str, ...] = ()  # what to ask for on a call in this stage, before the usual
    voicemail_reason: str = ""  # why we call, in general terms, for a voicemail ("to give you an update")
    short_name: str = ""  # the file's "name": a short name for lists and the timeline ("Pending customer")

    @property
    def name(self) -> str:
        """The stage's name for display ("Pending customer"), the id only as a badge."""
        return self.short_name or self.title


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    to: str
    when: str
    on: tuple[str, ...]
    condition: Mapping[str, Any] = field(default_factory=dict)
    graph: bool = True
    reapply: bool = False
    after_count: int = 1  # the N-th matching event in the stage moves the case (three unanswered calls)
    after: tuple[str, ...] = ()  # moves only after one of these events in the stage (email after a missed call)

    def matches(self, kind: str, fields: Mapping[str, Any]) -> bool:
        return kind in self.on and all(fields.get(k) == v for k, v in self.condition.items())

    @property
    def source(self) -> str:
        return self.sources[0]


@dataclass(frozen=True)
class Playbook:
    name: str
    title: str
    initial: str
    stages: Mapping[str, Stage]
    transitions: tuple[Transition, ...]
    moves: tuple[Transition, ...]
    stay: Mapping[str, frozenset[str]]
    anywhere: frozenset[str]
    parameters: Mapping[str, float]
    lists: Mapping[str, frozenset[str]]
    extras: Mapping[str, Any]
    source: str = ""
    actions_done_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)

    @property
    def reopen_to(self) -> str:
        """The stage a reopened case goes back to (the hub of the lifecycle, or the first stage)."""
        return str(self.extras.get("reopen_to", self.initial))

    def done_by(self, action_id: str) -> tuple[str, ...]:
        """The events that complete a next action (the app offers these first)."""
        return self.actions_done_by.get(action_id, ())

    def stage(self, stage_id: str) -> Stage:
        return self.stages[stage_id]

    def param(self, name: str) -> float:
        return self.parameters[name]

    def days(self, name: str) -> int:
        return int(self.parameters[name])

    def kinds(self, list_name: str) -> frozenset[str]:
        return self.lists.get(list_name, frozenset())

    def auto_transition(self, stage_id: str) -> Transition | None:
        return self._auto[stage_id]

    @cached_property
    def _auto(self) -> dict[str, Transition | None]:
        """Each stage's automatic transition (indexed once: the engine asks on every stage entered)."""
        return {sid: next((t for t in self.leaving(sid) if "auto" in t.on), None) for sid in self.stages}

    @cached_property
    def _by_source(self) -> dict[str, tuple[tuple[Transition, ...], tuple[Transition, ...]]]:
        return {
            sid: (
                tuple(t for t in self.transitions if t.source == sid),
                tuple(t for t in self.moves if sid in t.sources),
            )
            for sid in self.stages
        }

    def leaving(self, stage_id: str) -> tuple[Transition, ...]:
        """The graph transitions out of a stage (indexed once: the engine asks for every event)."""
        return self._by_source[stage_id][0]

    def moves_from(self, stage_id: str) -> tuple[Transition, ...]:
        return self._by_source[stage_id][1]

    @cached_property
    def _by_kind(self) -> dict[str, tuple[dict[str, tuple[Transition, ...]], dict[str, tuple[Transition, ...]]]]:
        """Each stage's transitions and moves by the kinds of event they take (the engine asks for every event)."""

        def by_kind(ways: tuple[Transition, ...]) -> dict[str, tuple[Transition, ...]]:
            kinds = {k for t in ways for k in t.on}
            return {k: tuple(t for t in ways if k in t.on) for k in kinds}

        return {sid: (by_kind(leaving), by_kind(moves)) for sid, (leaving, moves) in self._by_source.items()}

    def leaving_on(self, stage_id: str, kind: str) -> tuple[Transition, ...]:
        """The graph transitions out of a stage that an event of this kind may take, in the playbook's order."""
        return self._by_kind[stage_id][0].get(kind, ())

    def moves_on(self, stage_id: str, kind: str) -> tuple[Transition, ...]:
        """The implied moves out of a stage that an event of this kind may take, in the playbook's order."""
        return self._by_kind[stage_id][1].get(kind, ())

    # ----- printing ---------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "initial": self.initial,
            "stages": [
                {
                    "id": s.id,
                    "name": s.name,
                    "title": s.title,
                    "ball": s.ball,
                    "rule": s.rule,
                    "action": s.action,
                    "template": s.template,
                    **({"help": s.help} if s.help else {}),
                    **({"next_steps": s.next_steps} if s.next_steps else {}),
                }
                for s in self.stages.values()
            ],
            "transitions": [
                {
                    "from": t.source,
                    "to": t.to,
                    "when": t.when,
                    "on": list(t.on),
                    **({"if": dict(t.condition)} if t.condition else {}),
                    **({"after_count": t.after_count} if t.after_count > 1 else {}),
                }
                for t in self.transitions
            ],
            "moves": [
                {"from": list(t.sources), "to": t.to, "when": t.when, "on": list(t.on)}
                | ({"after": list(t.after)} if t.after else {})
                for t in self.moves
            ],
            "parameters": dict(self.parameters),
            "done_by": {k: list(v) for k, v in self.actions_done_by.items()},
            **({"roles": dict(self.roles)} if self.roles else {}),
        }

    def to_mermaid(self, highlight: str | None = None) -> str:
        """The lifecycle graph as a Mermaid flowchart (the notation support teams draw it in). Every node and edge text
        is quoted, so brackets, parentheses and pipes in a title are text, not Mermaid syntax."""
        lines = ["graph TD"]
        for s in self.stages.values():
            lines.append(f"    {_mermaid_id(s.id)}({_mermaid_text(s.title)})")
        for t in self.transitions:
            label = f"|{_mermaid_text(t.when)}|" if t.when else ""
            lines.append(f"    {_mermaid_id(t.source)} -->{label} {_mermaid_id(t.to)}")
        if highlight:
            lines.append(f"    style {_mermaid_id(highlight)} fill:#ffd54f,stroke:#f57f17,stroke-width:3px")
        return "\n".join(lines) + "\n"


def _mermaid_id(stage_id: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in stage_id)


def _mermaid_text(text: str) -> str:
    """A quoted Mermaid label: a double quote inside becomes Mermaid's ``#quot;`` entity (and ``#``, which
    starts an entity, ``#35;``)."""
    return '"' + text.replace("#", "#35;").replace('"', "#quot;") + '"'


# ----- loading ---------------------------------------------------------------------------------------


def playbook_dir() -> Path:
    from ..paths import resources_dir

    return resources_dir() / "playbooks"


def available_playbooks(folder: Path | None = None) -> list[str]:
    """The playbooks in ``folder`` (default: the shipped ones): one ``NAME.json`` file each."""
    return sorted(p.stem for p in (folder or playbook_dir()).glob("*.json"))


def find_playbook(name: str, folder: Path | None = None) -> Path:
    """The file of the named playbook in ``folder`` (default: the shipped ones)."""
    path = (folder or playbook_dir()) / f"{name}.json"
    if not path.is_file():
        raise ValidationError(
            f"no playbook named {name!r} (known: {', '.join(available_playbooks(folder))})", where="playbook"
        )
    return path


class RuleRequirements(Protocol):
    """What loading needs to know of a rule a stage names: the parameters it reads."""

    @property
    def parameters(self) -> tuple[str, ...]: ...  # the playbook must define each of these

    @property
    def stage_parameters(self) -> tuple[str, ...]: ...  # stage keys naming a parameter: one must be given


def load_playbook_file(path: Path, rules: Mapping[str, RuleRequirements]) -> Playbook:
    from .interchange import parse_json_text

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read playbook: {exc}", where=str(path)) from None
    return parse_playbook(parse_json_text(text, str(path)), str(path.name), rules)


def _need(obj: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise ValidationError(f"missing key {key!r}", where=where)
    value = obj[key]
    if not isinstance(value, kind) or (kind is str and not value):
        raise ValidationError(f"expected {kind.__name__}", where=f"{where}.{key}")
    return value


def _kinds(value: Any, where: str, allow_auto: bool = False) -> tuple[str, ...]:
    kinds = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else None
    if not kinds:
        raise ValidationError("expected an event kind or a list of them", where=where)
    for kind in kinds:
        if kind not in KINDS and not (allow_auto and kind == "auto"):
            raise ValidationError(f"unknown event kind {kind!r}", where=where)
    return kinds


def parse_playbook(data: Any, file: str, rules: Mapping[str, RuleRequirements]) -> Playbook:
    """Validate a playbook document against the ``rules`` its stages may name; every mistake names ``file``
    and the key."""
    if not isinstance(data, Mapping):
        raise ValidationError("a playbook is a JSON object", where=file)

    name = _need(data, "name", str, file)
    stages: dict[str, Stage] = {}
    done_by: dict[str, tuple[str, ...]] = {}
    for i, raw in enumerate(_need(data, "stages", list, file)):
        where = f"{file}: stages[{i}]"
        if not isinstance(raw, Mapping):
            raise ValidationError("expected an object", where=where)
        sid = _need(raw, "id", str, where)
        if sid in stages:
            raise ValidationError(f"stage id {sid!r} appears twice", where=f"{where}.id")
        rule = _need(raw, "rule", str, where)
        if rule not in rules:
            raise ValidationError(f"unknown rule {rule!r} (known: {', '.join(sorted(rules))})", where=f"{where}.rule")
        ball = raw.get("ball", "none")
        if ball not in set(Ball):
            raise ValidationError("ball is ours, theirs or none", where=f"{where}.ball")
        stage_done_by = raw.get("done_by")
        if stage_done_by is not None:
            done_by[sid] = _kinds(stage_done_by, f"{where}.done_by")
        stages[sid] = Stage(
            id=sid,
            title=_need(raw, "title", str, where),
            ball=Ball(ball),
            rule=rule,
            action=_need(raw, "action", str, where),
            template=raw.get("template"),
            help=_text(raw, "help", where),
            eta_required=bool(raw.get("eta_required", False)),
            options={k: v for k, v in raw.items() if k not in STAGE_KEYS},
            next_steps=_text(raw, "next_steps", where),
            call_steps=_texts(raw, "call_steps", where),
            call_gather=_texts(raw, "call_gather", where),
            voicemail_reason=_text(raw, "voicemail_reason", where),
            short_name=_text(raw, "name", where),
        )
    if not stages:
        raise ValidationError("a playbook needs at least one stage", where=f"{file}: stages")

    def stage_ref(value: Any, where: str) -> str:
        if value not in stages:
            raise ValidationError(f"no stage {value!r} in this playbook", where=where)
        return str(value)

    def transition(raw: Any, where: str, graph: bool) -> Transition:
        if not isinstance(raw, Mapping):
            raise ValidationError("expected an object", where=where)
        sources_raw = raw.get("from")
        sources = tuple(sources_raw) if isinstance(sources_raw, list) else (sources_raw,)
        for j, s in enumerate(sources):
            stage_ref(s, f"{where}.from" + (f"[{j}]" if isinstance(sources_raw, list) else ""))
        condition = raw.get("if", {})
        if not isinstance(condition, Mapping):
            raise ValidationError("expected an object of field values", where=f"{where}.if")
        return Transition(
            sources=sources,
            to=stage_ref(raw.get("to"), f"{where}.to"),
            when=str(raw.get("when", "")),
            on=_kinds(raw.get("on"), f"{where}.on", graph),
            condition=dict(condition),
            graph=graph,
            reapply=bool(raw.get("reapply", False)),
            after_count=int(raw.get("after_count", 1)),
            after=_kinds(raw["after"], f"{where}.after") if "after" in raw else (),
        )

    transitions = tuple(
        transition(t, f"{file}: transitions[{i}]", True) for i, t in enumerate(_need(data, "transitions", list, file))
    )
    moves = tuple(transition(t, f"{file}: moves[{i}]", False) for i, t in enumerate(data.get("moves", [])))
    stay_raw = data.get("stay", {})
    if not isinstance(stay_raw, Mapping):
        raise ValidationError("expected an object of stage → event kinds", where=f"{file}: stay")
    stay = {stage_ref(k, f"{file}: stay.{k}"): frozenset(_kinds(v, f"{file}: stay.{k}")) for k, v in stay_raw.items()}
    parameters = data.get("parameters", {})
    if not isinstance(parameters, Mapping):
        raise ValidationError("expected an object", where=f"{file}: parameters")
    for key, value in parameters.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ValidationError(
                "expected a number of business days or hours (0 or more)", where=f"{file}: parameters.{key}"
            )
    lists = {
        key: frozenset(_kinds(data[key], f"{file}: {key}"))
        for key in ("attempts", "outbound", "contacts", "contact_actions", "solutions")
        if key in data
    }
    initial = stage_ref(data.get("initial", next(iter(stages))), f"{file}: initial")
    done_by.update(_done_by(data, file))
    roles_raw = data.get("roles", {})
    if not isinstance(roles_raw, Mapping):
        raise ValidationError("expected an object of role → stage id", where=f"{file}: roles")
    roles = {str(k): stage_ref(v, f"{file}: roles.{k}") for k, v in roles_raw.items()}
    if "reopen_to" in data:
        stage_ref(data["reopen_to"], f"{file}: reopen_to")
    playbook = Playbook(
        name=name,
        title=str(data.get("title", name)),
        initial=initial,
        stages=stages,
        transitions=transitions,
        moves=moves,
        stay=stay,
        anywhere=frozenset(_kinds(data.get("anywhere", ["note"]), f"{file}: anywhere")),
        parameters=dict(parameters),
        lists=lists,
        source=str(data.get("source", "")),
        extras={k: v for k, v in data.items() if k in EXTRAS},
        actions_done_by=done_by,
        roles=roles,
    )
    _check_parameters(playbook, file, rules)
    return playbook


STAGE_KEYS = frozenset(
    {
        "id",
        "name",
        "title",
        "ball",
        "rule",
        "action",
        "template",
        "help",
        "eta_required",
        "done_by",
        "next_steps",
        "call_steps",
        "call_gather",
        "voicemail_reason",
    }
)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ValidationError("expected text", where=f"{where}.{key}")
    return value


def _texts(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValidationError("expected a list of sentences", where=f"{where}.{key}")
    return tuple(value)


def _done_by(data: Mapping[str, Any], file: str) -> dict[str, tuple[str, ...]]:
    """The top-level ``done_by``: next action id → the events that complete it; the dissatisfied
    customer's tasks name theirs in the ``dissatisfied`` block."""
    raw = data.get("done_by", {})
    if not isinstance(raw, Mapping):
        raise ValidationError("expected an object of action id → event kinds", where=f"{file}: done_by")
    found = {str(k): _kinds(v, f"{file}: done_by.{k}") for k, v in raw.items()}
    dissatisfied = data.get("dissatisfied", {})
    if isinstance(dissatisfied, Mapping):
        for key, action in (("done_by", "escalate_dissatisfied"), ("premier_done_by", "tam_dissatisfied")):
            if key in dissatisfied:
                found[action] = _kinds(dissatisfied[key], f"{file}: dissatisfied.{key}")
    return found


# Rule settings a playbook may give beyond stages and transitions (read by the engine's overlays).
EXTRAS = (
    "dissatisfied",
    "reopen_to",
    "delivery_failed",
    "out_of_office",
    "reply_acknowledgment",
    "attempt_templates",
)


def _check_parameters(playbook: Playbook, file: str, rules: Mapping[str, RuleRequirements]) -> None:
    """Every parameter a stage's rule reads (as the rule registered it) must be defined: a typo in a
    playbook file is reported when it loads, not as a crash while computing a due date."""

    for i, stage in enumerate(playbook.stages.values()):
        spec = rules[stage.rule]
        for option in spec.stage_parameters:
            ref = stage.options.get(option)
            if ref is not None and ref not in playbook.parameters:
                raise ValidationError(
                    f"names parameter {ref!r}, which the playbook does not define",
                    where=f"{file}: stages[{i}].{option}",
                )
        if spec.stage_parameters and not (set(spec.stage_parameters) & set(stage.options)):
            raise ValidationError(
                f"a {stage.rule} stage needs {' or '.join(spec.stage_parameters)}", where=f"{file}: stages[{i}]"
            )
        for param in spec.parameters:
            if param not in playbook.parameters:
                raise ValidationError(
                    f"stage {stage.id} uses rule {stage.rule!r}, which needs this parameter",
                    where=f"{file}: parameters.{param}",
                )
    for name in ("delivery_failed", "reply_acknowledgment"):
        setting = playbook.extras.get(name)
        if setting is None:
            continue
        if not isinstance(setting, Mapping) or not isinstance(setting.get("action"), str):
            raise ValidationError("expected an object with an action title and hours", where=f"{file}: {name}")
        if setting.get("hours") not in playbook.parameters:
            raise ValidationError(
                f"names parameter {setting.get('hours')!r}, which the playbook does not define",
                where=f"{file}: {name}.hours",
            )
        if "ball" in setting and setting["ball"] not in {b.value for b in Ball}:
            raise ValidationError(
                f"expected one of {', '.join(b.value for b in Ball)}, got {setting['ball']!r}",
                where=f"{file}: {name}.ball",
            )
