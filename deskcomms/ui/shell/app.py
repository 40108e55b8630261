"""Starting the desktop app: QApplication, session, main window, smoke test. The GUI's one wiring place."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000
FIRST_PAINT_MS = 30
FIRST_PAINT_FALLBACK_MS = 2_000
DAILY_BACKUP_DELAY_MS = 20_000  # once the window is up and the case list is in


def _daily_backup(desk: Any) -> None:
    from ...core.errors import UserError

    try:
        desk.daily_backup()
    except (UserError, OSError):
        log.exception("daily backup failed")


def _has_display() -> bool:
    from ...platform import current

    return bool(os.environ.get("QT_QPA_PLATFORM")) or current().has_display()


def run_app(
    app_paths: Any,
    *,
    smoke_test: bool = False,
    screenshot: str | None = None,
    demo: bool = False,
    integrity: Callable[[], str | None] | None = None,
) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ... import APP_ID, APP_NAME
    from ...core.errors import UserError
    from ...desk import Desk
    from ..common.app_icon import app_icon
    from . import errors
    from .main_window import MainWindow, load_sample_cases
    from .session import Session

    if not QApplication.instance() and not _has_display():
        if not smoke_test:
            print(
                "deskcomms: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set). "
                "The command line works without one: see 'deskcomms --help'.",
                file=sys.stderr,
            )
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a smoke test on a headless machine
    from ...platform import current

    current().set_app_identity(APP_ID)  # Windows: before the first window, or the taskbar says "Python"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    errors.install()
    app.deskcomms_smoke = smoke_test  # type: ignore[attr-defined]
    # The integrity check runs before the window exists, so no click can write into a damaged file.
    from .recovery import damage_message, offer_restore

    problem = integrity() if integrity is not None else damage_message(app_paths.database)
    if problem is not None:
        if smoke_test:
            print(f"deskcomms: {problem}", file=sys.stderr)
            return 2
        if not offer_restore(None, problem, app_paths.database):
            return 2
    try:
        desk = Desk.open(app_paths.database, check=False)  # checked just above
    except UserError as exc:
        if smoke_test:
            print(f"deskcomms: {exc}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, "deskcomms cannot open its data", str(exc))
        return 2
    from .single_instance import InstanceServer, ask_running_instance, server_name

    instance_name = server_name(app_paths.data)
    if not smoke_test and ask_running_instance(instance_name):
        print("deskcomms is already running: its window was brought to the front.", file=sys.stderr)
        desk.close()
        return 0
    session = Session(desk)
    from ..common.theme import apply_appearance

    apply_appearance(session.settings.get("appearance"))
    if demo and desk.case_count() == 0:
        load_sample_cases(session)
    window = MainWindow(session, app_paths.database, app_paths.user_templates, app_paths.config)
    window.setWindowIcon(app_icon())
    app.setWindowIcon(app_icon())
    window.restore_geometry()
    size = os.environ.get("DESKCOMMS_WINDOW_SIZE", "")  # e.g. 1024x700: screenshots at a chosen size
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", size.strip().lower())
    if match:
        window.resize(int(match[1]), int(match[2]))
    window.show()
    code = {"value": 0}

    def start_services() -> None:
        """The tray, the reminders and the single-instance server: right after the first paint."""
        server = InstanceServer(instance_name, window.bring_to_front)
        window.instance_server = server  # kept alive as long as the window (it has no Qt parent)
        scheduler = start_reminders(app, window, session)
        app.aboutToQuit.connect(server.close)
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, lambda: _daily_backup(desk))
        app.aboutToQuit.connect(scheduler.timer.stop)

    install_signal_handlers(app, window)
    watch_external_changes(window, session)
    log.info("app started (pid %d)", os.getpid())

    if smoke_test:

        def finish() -> None:
            if screenshot:
                app.processEvents()
                if not window.grab().save(screenshot):
                    print(f"deskcomms: could not save {screenshot}", file=sys.stderr)
                    code["value"] = 1
            app.quit()

        def give_up() -> None:
            print("deskcomms: smoke test timed out before the window was ready", file=sys.stderr)
            code["value"] = 1
            app.quit()

        if screenshot:
            # The picture should show the cases: wait for the list, then for a paint.
            window.loaded.connect(lambda: QTimer.singleShot(150, finish))
        QTimer.singleShot(SMOKE_TIMEOUT_MS, give_up)

    def after_first_paint() -> None:
        if smoke_test and not screenshot:
            finish()  # the window is up and painted: that is what a smoke test without a picture checks
            return
        # Then the tray and reminders start, the case list is computed and the case view built: the window
        # came up without waiting for them.
        if not smoke_test:
            start_services()
        window.refresh()
        if not smoke_test:
            QTimer.singleShot(FIRST_PAINT_MS * 10, lambda: propose_first_run(window, session))

    window.first_paint = on_first_paint(window, after_first_paint)
    result = app.exec()
    window.loader.shutdown()
    desk.close()
    if smoke_test and app.property("deskcomms_failed"):
        return 1
    return code["value"] or int(result)


def on_first_paint(window: Any, callback: Callable[[], None]) -> Any:
    """Call ``callback`` once, just after the window's first paint (not after a guessed delay: on a busy
    machine the window manager's expose can come late, and nothing should run before the window shows)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = {"fired": False}

    def fire() -> None:
        if done["fired"]:
            return
        done["fired"] = True
        window.removeEventFilter(hook)
        callback()

    class FirstPaint(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.UpdateRequest and not done["fired"]:
                QTimer.singleShot(0, fire)  # after this paint is done
            return False

    hook = FirstPaint(window)
    window.installEventFilter(hook)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, fire)  # should no paint come (an unmapped window), go on
    return hook


def propose_first_run(window: Any, session: Any) -> None:
    """Nothing set up yet: open the settings with this computer's time zone proposed."""
    from ...platform import current
    from ..settings.settings_dialog import SettingsDialog, first_run_dialog

    dialog = first_run_dialog(session.settings, session.profile, current().default_timezone, window)
    if dialog is not None and dialog.exec() == SettingsDialog.DialogCode.Accepted and dialog.result_settings:
        session.save_settings(dialog.result_settings, dialog.result_profile or {})
        window.refresh()


def start_reminders(app: Any, window: Any, session: Any) -> Any:
    """The tray (where one exists) or the in-window banner, and the reminder timer behind them."""
    from PySide6.QtWidgets import QSystemTrayIcon

    from ...platform import current
    from ..tray.notifier import BannerNotifier, TrayNotifier
    from ..tray.scheduler import ReminderScheduler
    from ..tray.tray import Tray

    def customer_of(number: str) -> str:
        case = session.desk.case(number)
        return case.customer.name if case is not None else ""

    has_tray = Tray.available()
    # Where a tray exists but cannot show messages, the tray keeps its menu and reminders use the banner.
    backend = current().notification_backend(has_tray, has_tray and QSystemTrayIcon.supportsMessages())
    if has_tray:
        from datetime import timedelta

        tray = Tray(
            window.open_case,
            window.bring_to_front,
            lambda: scheduler.snooze("*", session.now() + timedelta(hours=1)),
            lambda: scheduler.pause_until(
                session.calendar.opening(session.calendar.next_business_day(session.now().date()))
            ),
            window.quit_app,
        )
        tray.show()
        notifier: Any = (
            TrayNotifier(tray.icon, customer_of)
            if backend == "tray"
            else BannerNotifier(window.show_banner, customer_of)
        )
        if backend == "tray":
            notifier.clicked.connect(window.open_case)
            notifier.clicked_many.connect(window.show_cases)
        app.setQuitOnLastWindowClosed(False)
        window.hide_to_tray = True
        window.tray = tray
        app.aboutToQuit.connect(tray.close)
    else:
        tray = None
        notifier = BannerNotifier(window.show_banner, customer_of)
        window.statusBar().showMessage(
            "No system tray here: reminders appear at the top of this window, and closing the window quits deskcomms.",
            15_000,
        )
    scheduler = ReminderScheduler(session.desk, lambda: session.calendar, notifier, parent=window)
    seconds = os.environ.get("DESKCOMMS_REMINDER_SECONDS", "")  # tests and soak runs: a faster cycle
    if seconds.isdigit() and int(seconds) > 0:
        from datetime import timedelta

        scheduler.max_wait = timedelta(seconds=int(seconds))
    if tray is not None:
        scheduler.checked.connect(lambda: sync_tray(tray, window, session))
        window.loaded.connect(lambda: sync_tray(tray, window, session))
        window.counts_changed.connect(lambda: sync_tray(tray, window, session))
    scheduler.woke_up.connect(window.refresh)
    window.loader.loaded.connect(lambda *_: scheduler.check())
    window.scheduler = scheduler
    scheduler.start()
    return scheduler


def sync_tray(tray: Any, window: Any, session: Any) -> None:
    """One moment, one source: the tray's badge shows the list's Overdue count at this same instant (the
    list's counts are redrawn with it), the menu the soonest due actions."""
    now = session.now()
    count = None
    if window.has_loaded:
        window._update_counts()
        count = window.due_now_count(now)
    tray.update(session.desk.due_index(), now, count)


# A look at the store's generation now and then, in case a file-system watch misses a write (a network
# drive, a watch limit reached): the watch is what makes a write show within a moment.
EXTERNAL_CHECK_MS = 60_000
SETTLE_MS = 100  # a write touches the database and its WAL several times: one look after they settle


def watch_external_changes(window: Any, session: Any, interval_ms: int = EXTERNAL_CHECK_MS) -> Any:
    """What ``deskcomms log`` or ``import`` wrote beside the running app reaches the list, the case view
    and the tray at once: a file-system watch on what the store writes (the database, its WAL, their
    folder) wakes the app only when they change, and every write bumps the store's generation, which a
    cheap read compares (the app's own writes change nothing there). ``interval_ms``: the safety-net look."""
    from PySide6.QtCore import QFileSystemWatcher, QTimer

    seen = {"generation": session.desk.generation()}

    def check() -> None:
        rewatch()
        try:
            current = session.desk.generation()
        except Exception:  # the store is closed during a restore; the next change or look tries again
            return
        if current == seen["generation"]:
            return
        seen["generation"] = current
        session.reload_settings()
        window.refresh()
        view = getattr(window, "_case_view", None)
        case = getattr(view, "case", None)
        if view is not None and case is not None and session.desk.case(case.number) != case:
            view.show_case(case.number)

    database = session.desk.database
    watched = [str(database.parent), str(database), f"{database}-wal"]
    watcher = QFileSystemWatcher(window)

    def rewatch() -> None:
        # A file replaced or deleted (a checkpoint that truncates the WAL, a restore) leaves the watch.
        present = set(watcher.files()) | set(watcher.directories())
        missing = [p for p in watched if p not in present and os.path.exists(p)]
        if missing:
            watcher.addPaths(missing)

    settle = QTimer(window)
    settle.setSingleShot(True)
    settle.setInterval(SETTLE_MS)
    settle.timeout.connect(check)
    watcher.fileChanged.connect(lambda _path: settle.start())
    watcher.directoryChanged.connect(lambda _path: settle.start())
    rewatch()
    timer = QTimer(window)
    timer.timeout.connect(check)
    if interval_ms > 0:
        timer.start(interval_ms)
    window.external_watch = timer
    window.external_watcher = watcher
    return timer


def install_signal_handlers(app: Any, window: Any) -> None:
    """SIGTERM (and Ctrl+C) end the app cleanly: the store is closed, nothing is half-written.

    Python runs its signal handlers only between bytecodes, and Qt waits in C: the C-level handler writes
    a byte to a socket (``signal.set_wakeup_fd``) that a socket notifier watches, so a signal wakes the
    event loop and nothing else does (no polling timer)."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    def stop(*_: Any) -> None:
        log.info("signal received: quitting")
        QTimer.singleShot(0, window.quit_app)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())

    def drain() -> None:
        try:
            while reader.recv(512):
                pass
        except OSError:  # nothing left to read
            pass

    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(drain)
    app.signal_wakeup = (reader, writer, notifier)  # kept alive as long as the app

    def release() -> None:
        signal.set_wakeup_fd(-1)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    app.aboutToQuit.connect(release)
