"""Rendering templates safely: a jinja2 sandbox with bounded numbers, texts and time, and, for the user's
own templates, a child process whose memory and CPU are capped by the operating system.

The built-in templates are ours and render in-process (fast, still sandboxed). A user template may be
hostile or just wrong (``s.join(s)`` on a long text, ``~`` doubling in a loop, a huge format width): it
renders in a spawned child with ``RLIMIT_AS`` and ``RLIMIT_CPU`` (POSIX) and a wall-clock deadline that
the parent enforces by killing the child. The child is ``python -m deskcomms.core.sandbox``, or, in the
frozen (PyInstaller) app, the executable itself with a hidden flag that ``__main__`` hands to
:func:`child_main`; a request and its reply travel as JSON over the child's stdin and stdout.

Every failure becomes a :class:`TemplateError` whose message starts ``NAME.j2 line N:``. Nothing here
logs: template values (customer names, case titles) must never reach the log.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import UserError

MAX_OUTPUT = 200_000  # characters of a rendered draft
MAX_NUMBER = 100_000  # the largest number a template may pass to a call, filter or operator
MAX_TEMPLATE_BYTES = 100_000
DEADLINE_SECONDS = 2.0  # rendering (in the child: rendering alone, start-up not counted)
CHILD_WALL_SECONDS = 4.5  # the whole child, start-up included: a bomb ends within 5 s
CHILD_MEMORY_BYTES = 512 * 1024 * 1024  # address space of the child (Python with jinja2 needs about 40 MB)

_WIDE_FORMAT = re.compile(r"\d{6,}")


class TemplateError(UserError):
    """A template that cannot be used: its message names the template and, where known, the line."""


@dataclass(frozen=True)
class TemplateSource:
    name: str
    subject: str
    body: str
    path: str
    user: bool

    @property
    def file_name(self) -> str:
        return f"{self.name}.j2"


# ----- the bounded sandbox ----------------------------------------------------------------------------


def _too_big(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return abs(value) > MAX_NUMBER
    if isinstance(value, str):
        return len(value) > MAX_OUTPUT
    return False


def _huge_format(fmt: Any) -> bool:
    """A %-format or str.format spec asking for a field wider than MAX_NUMBER (one C call, gigabytes)."""
    return isinstance(fmt, str) and ("%" in fmt or "{" in fmt) and bool(_WIDE_FORMAT.search(fmt))


def _sized(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _join_too_long(obj: Any, args: tuple[Any, ...]) -> bool:
    """``sep.join(items)`` builds len(sep) × len(items) + Σ len(item): refuse it before it allocates."""
    if getattr(obj, "__name__", "") != "join" or not isinstance(getattr(obj, "__self__", None), str) or not args:
        return False
    items = args[0]
    count = _sized(items)
    if not count:
        return False
    sep = len(obj.__self__)
    total = sep * (count - 1) + (sum(_sized(i) for i in items) if count <= MAX_OUTPUT else MAX_OUTPUT + 1)
    return total > MAX_OUTPUT


def environment(sources: Mapping[str, str]) -> Any:
    from jinja2 import DictLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%" and _huge_format(left):
                raise SecurityError("a format width in this template is too large")
            if operator == "**" and (_too_big(left) or (isinstance(right, int | float) and abs(right) > 64)):
                raise SecurityError("a number in this template is too large")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    if isinstance(a, str | list | tuple) and isinstance(b, int) and len(a) * abs(b) > MAX_OUTPUT:
                        raise SecurityError("this template builds a text that is too long")
                if _too_big(left) or _too_big(right):
                    raise SecurityError("a number in this template is too large")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, str | list) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if any(_too_big(a) for a in (*args, *kwargs.values())):
                raise SecurityError("a number or text passed in this template is too large")
            if getattr(__obj, "__name__", "") in ("format", "format_map") and _huge_format(
                getattr(__obj, "__self__", None)
            ):
                raise SecurityError("a format width in this template is too large")
            if _join_too_long(__obj, args):
                raise SecurityError("this template builds a text that is too long")
            result = super().call(__context, __obj, *args, **kwargs)
            if isinstance(result, str | list) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

    env = BoundedSandbox(
        loader=DictLoader(dict(sources)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.pop("lipsum", None)

    def bounded(filter_fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if any(_too_big(a) for a in (*args[1:], *kwargs.values())) or any(_huge_format(a) for a in args[:2]):
                raise SecurityError("a number passed to a filter in this template is too large")
            result = filter_fn(*args, **kwargs)
            if isinstance(result, str) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

        for attr in ("jinja_pass_arg",):
            if hasattr(filter_fn, attr):
                setattr(wrapper, attr, getattr(filter_fn, attr))
        return wrapper

    env.filters = {name: bounded(fn) for name, fn in env.filters.items()}
    return env


class Deadline:
    """Stops a render that runs too long: a trace hook checks the clock on every line of template code."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > self.until:
            raise TimeoutError("the template took too long to render")
        return self

    def __enter__(self) -> Deadline:
        self._previous = sys.gettrace()
        sys.settrace(self)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


def _template_line(exc: BaseException, filename: str) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _where(source: TemplateSource, exc: BaseException | None = None) -> str:
    line = _template_line(exc, "<template>") if exc is not None else None
    # +2: the Subject line and the blank line come before the body
    return f"{source.file_name} line {line + 2}" if line else source.file_name


def render_in_process(source: TemplateSource, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body), or a TemplateError naming the template and line. No OS limits: for our templates."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound
    from jinja2.exceptions import SecurityError

    sources = {source.name: source.body, f"{source.name}:subject": source.subject}
    try:
        env = environment(sources)
        with Deadline(DEADLINE_SECONDS):
            body_template = env.get_template(source.name)
            parts: list[str] = []
            size = 0
            for chunk in body_template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise SecurityError("the draft is too long (a template loop that never ends?)")
                parts.append(chunk)
            subject = env.get_template(f"{source.name}:subject").render(**context)
    except TimeoutError:
        raise TemplateError(
            f"{source.file_name}: the template took more than {DEADLINE_SECONDS:g} s to render and was stopped"
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"{_where(source, exc)}: not allowed in a template: {exc}") from None
    except TemplateNotFound as exc:
        raise TemplateError(
            f"{source.file_name}: cannot include or import {exc.name!r}: a template can only use its "
            "own text and the case's variables"
        ) from None
    except JinjaError as exc:
        raise TemplateError(f"{_where(source, exc)}: {exc.message or type(exc).__name__}") from None
    except RecursionError:
        raise TemplateError(f"{source.file_name}: the template nests or recurses too deeply") from None
    except MemoryError:
        raise TemplateError(f"{source.file_name}: the template needs too much memory and was stopped") from None
    except Exception as exc:  # any other error a template can raise (LookupError, RuntimeError...) is its own
        raise TemplateError(f"{_where(source, exc)}: {type(exc).__name__}: {exc}") from None
    return " ".join(subject.split()), "".join(parts).strip() + "\n"


# ----- the child process --------------------------------------------------------------------------------


def _limit_child() -> None:
    """Cap the child's address space and CPU time where the OS allows it (POSIX)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-clock deadline is the limit
        return
    for limit, value in ((resource.RLIMIT_AS, CHILD_MEMORY_BYTES), (resource.RLIMIT_CPU, int(CHILD_WALL_SECONDS))):
        try:
            _soft, hard = resource.getrlimit(limit)
            wanted = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (wanted, hard))
        except (ValueError, OSError):
            pass


CHILD_FLAG = "--deskcomms-render-template"  # the frozen app's hidden flag (it cannot run ``python -m``)


def child_command() -> list[str]:
    """How to start the renderer: the frozen executable with a hidden flag, else this module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", __name__]


def child_main() -> int:
    """The child: limits first, then one JSON request on stdin, one JSON reply on stdout."""
    import json

    _limit_child()
    # A windowed frozen app may start without sys.stdin/sys.stdout objects: use the pipes' descriptors.
    stdin = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb")
    stdout = sys.stdout.buffer if sys.stdout is not None else os.fdopen(1, "wb")
    try:
        request = json.loads(stdin.read().decode("utf-8"))
        source = TemplateSource(request["name"], request["subject"], request["body"], "", True)
    except (ValueError, KeyError, TypeError):
        stdout.write(json.dumps({"error": "the template renderer got a request it cannot read"}).encode())
        stdout.flush()
        return 0
    try:
        subject, body = render_in_process(source, request["context"])
        reply: dict[str, str] = {"subject": subject, "body": body}
    except TemplateError as exc:
        reply = {"error": str(exc)}
    except MemoryError:
        reply = {"error": f"{source.file_name}: the template needs too much memory and was stopped"}
    except BaseException as exc:  # reported by name only, never with the template's values
        reply = {"error": f"{source.file_name}: the template failed ({type(exc).__name__})"}
    try:
        out = json.dumps(reply, ensure_ascii=False)
    except MemoryError:
        out = json.dumps({"error": f"{source.file_name}: the template needs too much memory and was stopped"})
    stdout.write(out.encode("utf-8", "surrogatepass"))
    stdout.flush()
    return 0


def render_isolated(source: TemplateSource, context: Mapping[str, Any]) -> tuple[str, str]:
    """Render in a child process under OS limits; kill it at the wall-clock deadline."""
    import json
    import subprocess

    request = json.dumps(
        {"name": source.name, "subject": source.subject, "body": source.body, "context": dict(context)},
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashing up on Windows
    try:
        child = subprocess.Popen(
            child_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            creationflags=flags,
        )
    except OSError as exc:
        raise TemplateError(f"{source.file_name}: cannot start the template renderer ({exc.strerror})") from None
    try:
        out, _ = child.communicate(request, timeout=CHILD_WALL_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise TemplateError(
            f"{source.file_name}: the template took more than {CHILD_WALL_SECONDS:g} s to render and was stopped"
        ) from None
    try:
        reply = json.loads(out.decode("utf-8", "surrogatepass"))
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        # killed by the OS (CPU limit) or out of memory before it could answer
        raise TemplateError(f"{source.file_name}: the template needs too much memory or time and was stopped")
    if "error" in reply:
        raise TemplateError(str(reply["error"]))
    return str(reply["subject"]), str(reply["body"])


def render_source(source: TemplateSource, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of a template: ours in-process, the user's in a limited child process."""
    return render_isolated(source, context) if source.user else render_in_process(source, context)


if __name__ == "__main__":
    sys.exit(child_main())
