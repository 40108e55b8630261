"""``deskcomms playbook list`` and ``deskcomms playbook show NAME [--json | --mermaid]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("playbook", parents=[common], help="list playbooks or show one")
    psub = p.add_subparsers(dest="playbook_command", metavar="list|show", required=True, parser_class=type(p))
    ps = psub.add_parser("list", parents=[common], help="the playbooks deskcomms knows")
    ps.set_defaults(handler=cmd_playbook_list)
    ps = psub.add_parser("show", parents=[common], help="a playbook's stages and transitions")
    ps.add_argument("name", metavar="NAME")
    fmt = ps.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="stages and transitions as JSON")
    fmt.add_argument("--mermaid", action="store_true", help="the lifecycle graph as a mermaid flowchart")
    ps.set_defaults(handler=cmd_playbook_show)


def cmd_playbook_list(args: argparse.Namespace, app_paths: Any) -> int:
    from ..core.engine import load_playbook
    from ..core.playbook import available_playbooks

    for name in available_playbooks():
        pb = load_playbook(name)
        print(f"{name:<14} {pb.title} ({len(pb.stages)} stages, {len(pb.transitions)} transitions)")
    return 0


def cmd_playbook_show(args: argparse.Namespace, app_paths: Any) -> int:
    from ..core.engine import load_playbook
    from ..core.events import event_label

    def on(kinds: Iterable[str]) -> str:
        return ", ".join("automatically" if k == "auto" else f"{event_label(k)} ({k})" for k in kinds)

    pb = load_playbook(args.name)
    if args.json:
        print(json.dumps(pb.to_json(), indent=2, ensure_ascii=False))
    elif args.mermaid:
        sys.stdout.write(pb.to_mermaid())
    else:
        print(f"{pb.title} ({pb.name})")
        print("\nStages:")
        for s in pb.stages.values():
            print(f"  {s.id:<22} {s.name}: {s.title}  [ball: {s.ball}; next: {s.action}]")
        print("\nTransitions:")
        for t in pb.transitions:
            cond = "".join(f" {k}={v}" for k, v in t.condition.items())
            print(f"  {t.source} -> {t.to}: {t.when} (on {on(t.on)}{cond})")
        if pb.moves:
            print("\nAlso (from the playbook text, not drawn in the graph):")
            for t in pb.moves:
                print(f"  {'/'.join(t.sources)} -> {t.to}: {t.when} (on {on(t.on)})")
        print("\nParameters:")
        for key, value in pb.parameters.items():
            print(f"  {key} = {value:g}")
    return 0
