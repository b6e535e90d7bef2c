"""The main window: documents list, the document view, the codebook tree, coded segments and
search, around one open project. It owns the project, the undo stack and the listener that keeps
every view in step with the file (see :mod:`.project_sync`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QStackedWidget, QWidget

from glocal_annotator.errors import (
    GlocalError,
    ProjectDamaged,
    ProjectLocked,
    ProjectNotWritable,
)
from glocal_annotator.model import Code, Document
from glocal_annotator.ui import dialogs, folders
from glocal_annotator.ui.codebook_tree import CodebookPanel
from glocal_annotator.ui.document_list import DocumentList
from glocal_annotator.ui.document_view import DocumentView
from glocal_annotator.ui.feedback import guarded
from glocal_annotator.ui.search_panel import SearchPanel
from glocal_annotator.ui.segments_panel import SegmentsPanel
from glocal_annotator.ui.settings import QUICK_KEYS, Settings
from glocal_annotator.ui.welcome import WelcomePage

PROJECT_FILTER = "Glocal projects (*.glocal);;All files (*)"


def first_document(documents: list[Document], last: int | None) -> int | None:
    """The document a project opens on: the one open last time, else the first with codings
    (a new user sees coded text at once), else the first."""
    ids = [d.id for d in documents]
    if last in ids:
        return last
    coded = next((d.id for d in documents if d.codings), None)
    return coded if coded is not None else (ids[0] if ids else None)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Glocal Annotator")
        self.settings = Settings()
        self.project = None
        self.current_document_id: int | None = None
        self.document_text = ""
        self.undo_stack = QUndoStack(self)
        self._unsubscribe = None
        self._quick: list[Code | None] = [None] * QUICK_KEYS
        self._warming: Iterator[int] | None = None
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_search_step)
        self._fitted_shown = False

        self.welcome = WelcomePage(self)
        self.view = DocumentView(self)
        self.view.set_font(self.settings.font)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.view)
        self.setCentralWidget(self.stack)

        self.documents = DocumentList(self)
        self.codebook = CodebookPanel(self)
        self.segments = SegmentsPanel(self)
        self.search = SearchPanel(self)
        self.docks = {
            "documents": self._dock("&Documents", "documentsDock", self.documents,
                                    Qt.DockWidgetArea.LeftDockWidgetArea),
            "codebook": self._dock("&Codebook", "codebookDock", self.codebook,
                                   Qt.DockWidgetArea.LeftDockWidgetArea),
            "segments": self._dock("Coded &segments", "segmentsDock", self.segments,
                                   Qt.DockWidgetArea.BottomDockWidgetArea),
            "search": self._dock("Searc&h", "searchDock", self.search,
                                 Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.tabifyDockWidget(self.docks["segments"], self.docks["search"])
        self.docks["segments"].raise_()

        from glocal_annotator.ui.codebook_actions import CodebookController
        from glocal_annotator.ui.coding_actions import CodingController
        from glocal_annotator.ui.menus import build_menus
        from glocal_annotator.ui.project_sync import ProjectSync
        from glocal_annotator.ui.search_actions import SearchController

        self.coding = CodingController(self)
        self.codebook_actions = CodebookController(self)
        self.searching = SearchController(self)
        self.sync = ProjectSync(self)
        from glocal_annotator.ui.file_watch import ProjectFileWatch

        self.file_watch = ProjectFileWatch(self)
        build_menus(self)
        self._connect()
        self.setAcceptDrops(True)
        self._restore_layout()
        self._show_welcome()

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title.replace("&", ""), self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        dock.toggleViewAction().setText(title)
        return dock

    def _connect(self) -> None:
        self.welcome.newRequested.connect(self.new_project_dialog)
        self.welcome.openRequested.connect(self.open_project_dialog)
        self.welcome.demoRequested.connect(self.open_demo)
        self.welcome.openPathRequested.connect(lambda p: self.open_project(Path(p)))
        self.documents.documentChosen.connect(self.open_document)
        self.codebook.codeActivated.connect(self._code_activated)
        self.codebook.codeClicked.connect(self.show_segments_for_code)
        self.codebook.model.selectionDropped.connect(
            self.coding.code_dropped, Qt.ConnectionType.QueuedConnection)
        self.view.contextMenuRequested.connect(self.coding.show_context_menu)
        self.view.deleteCodingRequested.connect(self.coding.remove_coding)
        self.view.codingClicked.connect(self._coding_clicked)
        self.view.codingActivated.connect(self.coding.edit_memo)
        self.segments.segmentActivated.connect(self.show_segment)
        self.search.hitActivated.connect(self.show_range)

    # -- for actions added by other modules (export, codebook exchange) ------------------------

    def run_command(self, text: str, operation):
        """Run a project operation (returning a Change) as an undo step named ``text``; raises
        its GlocalError (nothing changed). Wrap the calling slot with ``feedback.guarded``."""
        from glocal_annotator.ui.undo_commands import push

        self.require_project()
        return push(self.undo_stack, text, operation)

    # -- project lifecycle -------------------------------------------------------------------

    def require_project(self):
        if self.project is None:
            raise GlocalError("no project is open; open or create one first")
        return self.project

    @guarded
    def open_project(self, path: Path, read_only: bool = False) -> bool:
        from glocal_annotator.project import Project

        path = Path(path)
        coder = self.settings.coder_name
        notices: list[str] = []
        try:
            project = Project.open(path, read_only=read_only, coder=coder)
        except ProjectLocked as locked:
            if not dialogs.confirm(self, "Project in use",
                                   f"{locked}\n\nOpen it read-only? You can read and search it "
                                   "but not change it.", "Open read-only"):
                return False
            project = Project.open(path, read_only=True, coder=coder)
        except ProjectDamaged as damaged:  # say so, and offer to save what can be read
            from glocal_annotator.ui.salvage_dialog import offer_salvage

            return offer_salvage(self, path, damaged)
        except ProjectNotWritable as not_writable:  # a read-only file, folder or disk
            project = Project.open(path, read_only=True, coder=coder)
            why = getattr(not_writable, "why", str(not_writable))
            notices.append(f"{why}. You can read, search and export it; to change it, save a "
                           "copy in a folder you can write to (Project ▸ Save a copy as…).")
        self.set_project(project)
        notices += [notice[:1].upper() + notice[1:] + "." for notice in project.notices]
        if notices:
            from glocal_annotator.ui.feedback import show_notice

            title = ("Opened read-only." if project.read_only and not read_only
                     else "Opened.")
            show_notice(self, title, "\n\n".join(notices))
        return True

    def set_project(self, project) -> None:
        """Show ``project`` (an open Project); the window closes it when done."""
        self.close_project()
        self.project = project
        self._unsubscribe = project.subscribe(self.sync.on_change)
        self.settings.add_recent_project(project.path)
        self.undo_stack.clear()
        self.sync.reload_all()
        self.stack.setCurrentWidget(self.view)
        for dock in self.docks.values():
            dock.setVisible(True)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        else:
            self._default_dock_sizes()
        self.update_title()
        first = first_document(project.documents(), self.settings.last_document(project.path))
        if first is not None:
            self.open_document(first)
        self._warming = project.warm_search()
        self._warm_timer.start()
        self.file_watch.watch()

    def _warm_search_step(self) -> None:
        """One document into the search cache per idle turn, so the first search is quick."""
        if self._warming is None or next(self._warming, None) is None:
            self._warm_timer.stop()
            self._warming = None

    def _default_dock_sizes(self) -> None:
        from glocal_annotator.ui.window_fit import dock_sizes

        docks = self.docks
        left, bottom = dock_sizes(self.size())
        self.resizeDocks([docks["documents"], docks["codebook"]], [170, 520],
                         Qt.Orientation.Vertical)
        self.resizeDocks([docks["documents"]], [left], Qt.Orientation.Horizontal)
        self.resizeDocks([docks["segments"]], [bottom], Qt.Orientation.Vertical)

    def close_project(self) -> None:
        self.file_watch.stop()
        self._warm_timer.stop()
        self._warming = None
        if self.project is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.undo_stack.clear()
        self.segments.set_project(None)
        self.project.close()
        self.project = None
        self.current_document_id = None
        self.document_text = ""
        self.view.clear()
        self.search.clear_results()
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_projects())
        self.stack.setCurrentWidget(self.welcome)
        for dock in self.docks.values():
            dock.setVisible(False)
        self.update_title()

    def update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle("Glocal Annotator")
            return
        flag = " [read-only]" if self.project.read_only else ""
        if self.file_watch.lost is not None:
            flag += " [file gone: save a copy]"
        self.setWindowTitle(f"{self.project.name}{flag} — Glocal Annotator")

    @guarded
    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", folders.start_path(""),
                                              PROJECT_FILTER)
        if path:
            folders.remember(path)
            self.open_project(Path(path))

    @guarded
    def new_project_dialog(self) -> None:
        from glocal_annotator.project import Project

        path, _ = QFileDialog.getSaveFileName(self, "New project",
                                              folders.start_path("project.glocal"),
                                              PROJECT_FILTER)
        if not path:
            return
        folders.remember(path)
        path = Path(path) if Path(path).suffix else Path(path).with_suffix(".glocal")
        if path.exists():
            raise GlocalError(f"{path.name} exists already; choose another name or open it")
        self.set_project(Project.create(path, coder=self.settings.coder_name))

    @guarded
    def open_demo(self) -> None:
        from glocal_annotator.paths import default_demo_path

        path = default_demo_path()
        if not path.exists():
            from glocal_annotator.demo import build_demo

            build_demo(path).close()
        self.open_project(path)

    # -- the project file taken away, copies -------------------------------------------------

    def project_file_lost(self, state: str) -> None:
        """The project's file was deleted, moved or replaced under the window: say so and
        offer to save the project elsewhere (see :mod:`.file_watch`)."""
        from glocal_annotator.ui.file_watch import tell_file_lost

        tell_file_lost(self, state)

    @guarded
    def save_copy_dialog(self) -> Path | None:
        """Project ▸ Save a copy as… (see :func:`.file_watch.save_copy_dialog`)."""
        from glocal_annotator.ui.file_watch import save_copy_dialog

        return save_copy_dialog(self)

    # -- documents and positions -------------------------------------------------------------

    @guarded
    def open_document(self, document_id: int) -> None:
        project = self.require_project()
        text = project.document_text(document_id)
        codings = project.codings(document_ids=[document_id])
        self.current_document_id = document_id
        self.document_text = text
        self.view.set_document(text, [self.sync.span(c) for c in codings])
        self.documents.select_document(document_id)
        self.settings.set_last_document(project.path, document_id)

    def show_range(self, document_id: int, start: int, end: int) -> None:
        """Go to a passage (a search hit): marked as found, not selected, so that it is coded
        only if the user selects it."""
        if document_id != self.current_document_id:
            self.open_document(document_id)
        if self.current_document_id == document_id:
            self.view.show_found(start, end)
            self.view.text_edit().setFocus()

    def show_segment(self, coding_id: int, document_id: int, start: int, end: int) -> None:
        """Go to a coding: shown as the selected coding (not as selected text)."""
        if document_id != self.current_document_id:
            self.open_document(document_id)
        if self.current_document_id != document_id:
            return
        self.view.clear_found()
        self.view.select_coding(coding_id)
        if self.view.selected_coding() != coding_id:  # its code is hidden ("show only")
            self.view.show_found(start, end)
        self.view.text_edit().setFocus()

    def show_segments_for_code(self, code_id: int) -> None:
        self.docks["segments"].show()
        self.docks["segments"].raise_()
        self.segments.show_code(code_id)

    def set_visible_codes(self, code_ids: set[int] | None) -> None:
        self.view.set_visible_codes(code_ids)
        self.codebook_actions.all_action.setEnabled(code_ids is not None)

    # -- codes -------------------------------------------------------------------------------

    def quick_codes(self) -> list[Code | None]:
        return self._quick

    def refresh_quick_codes(self) -> None:
        codes = self.codebook.model.codes()
        guids = self.settings.quick_code_guids()
        if guids is None:
            chosen: list[Code | None] = [c for c in codes if c.codable][:QUICK_KEYS]
        else:
            by_guid = {c.guid: c for c in codes if c.codable}
            chosen = [by_guid.get(g) for g in guids]
        self._quick = (chosen + [None] * QUICK_KEYS)[:QUICK_KEYS]
        self.codebook.model.set_quick_keys(
            {code.id: slot + 1 for slot, code in enumerate(self._quick) if code is not None})
        self.coding.update_quick_actions()

    def _code_activated(self, code_id: int) -> None:
        start, end = self.view.selected_range()
        if end > start and self.current_document_id is not None:
            self.coding.code_selection_slot(code_id)
        else:
            self.show_segments_for_code(code_id)

    def _coding_clicked(self, coding_id: int) -> None:
        if self.project is None:
            return
        code_id = self.project.coding(coding_id).code_id
        self.codebook.select_code(code_id)

    # -- settings, import, layout ------------------------------------------------------------

    @guarded
    def edit_settings(self) -> None:
        from glocal_annotator.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.codebook.model.codes(), self._quick, self)
        if dialog.exec():
            dialog.save()
            self.apply_settings()

    def apply_settings(self) -> None:
        self.view.set_font(self.settings.font)
        if self.project is not None:
            self.project.coder_name = self.settings.coder_name
        self.refresh_quick_codes()

    @guarded
    def import_dialog(self) -> None:
        from glocal_annotator.importers import SUPPORTED_SUFFIXES

        self.require_project()
        patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(self, "Import documents",
                                                folders.start_path(""),
                                                f"Documents ({patterns});;All files (*)")
        if paths:
            folders.remember(paths[0])
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]):
        from glocal_annotator.ui.import_dialog import ImportJob

        self.require_project()
        job = ImportJob(self, paths)
        job.start()
        return job

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.project is not None:
            event.acceptProposedAction()

    @guarded
    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def _restore_layout(self) -> None:
        from glocal_annotator.ui.window_fit import fit_window

        geometry = self.settings.window_geometry()
        restored = geometry is not None and self.restoreGeometry(geometry)
        fit_window(self, restored)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        if self.project is not None:  # docks are hidden on the welcome page: keep the work layout
            self.settings.save_window(self.saveGeometry(), self.saveState())

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted_shown:  # the window system's frame is known now: check again
            self._fitted_shown = True
            QTimer.singleShot(0, self._fit_to_screen)

    def _fit_to_screen(self) -> None:
        from glocal_annotator.ui.window_fit import fit_window

        fit_window(self, restored=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.settings.sync()
        self.close_project()
        super().closeEvent(event)
