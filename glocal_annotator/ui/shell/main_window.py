"""The main window: documents list, the document view, the codebook tree, coded segments and
search, around one open project. It owns the project and the undo stack (a
:class:`~glocal_annotator.ui.common.session.Session`), the listener that keeps every view in step
with the file (see :mod:`.project_sync`), and the rooms' controllers, each given only what it
works with (the session, the open document, the codebook, the status bar ...).
"""

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
from glocal_annotator.ui.analysis.dock import AnalysisDock
from glocal_annotator.ui.codebook.actions import CodebookController
from glocal_annotator.ui.codebook.io_actions import CodebookExchange
from glocal_annotator.ui.codebook.tree import CodebookPanel
from glocal_annotator.ui.coding.actions import CodingController
from glocal_annotator.ui.common import dialogs, folders, memory
from glocal_annotator.ui.common.collaborators import StatusBar
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.quick_codes import QuickCodes
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import Settings
from glocal_annotator.ui.document.document_list import DocumentList
from glocal_annotator.ui.document.view import DocumentView
from glocal_annotator.ui.exchange.export_actions import ExportController
from glocal_annotator.ui.exchange.qdpx_actions import QdpxExchange
from glocal_annotator.ui.search.actions import SearchController
from glocal_annotator.ui.search.panel import SearchPanel
from glocal_annotator.ui.segments.panel import SegmentsPanel
from glocal_annotator.ui.shell import file_watch
from glocal_annotator.ui.shell.menus import build_menus
from glocal_annotator.ui.shell.project_sync import ProjectSync
from glocal_annotator.ui.shell.welcome import WelcomePage
from glocal_annotator.ui.team.actions import TeamController
from glocal_annotator.ui.variables.actions import DocumentDataController

LOADING_CODINGS = "Showing the document's codings…"  # while a big document's codings load
# characters: a project opening on a longer document shows its window in one turn of the event
# loop and the document's text in the next (each of them is then a short turn)
BIG_DOCUMENT = 1_000_000
FIRST_DOCUMENT_AFTER = 20  # milliseconds (a zero timer would fire in the same pass of the loop)


def first_document(documents: list[Document], last: int | None) -> int | None:
    """The document a project opens on: the one open last time, else the first with codings
    (a new user sees coded text at once), else the first."""
    ids = [d.id for d in documents]
    if last in ids:
        return last
    coded = next((d.id for d in documents if d.codings), None)
    return coded if coded is not None else (ids[0] if ids else None)


def preload_for_writing() -> None:
    """Load what the first change to a project needs on a worker thread now (see
    :func:`glocal_annotator.project.preload_for_writing`)."""
    from glocal_annotator.project import preload_for_writing as preload

    preload()


def open_window(project_path: Path) -> MainWindow:
    """Show a new main window and open the project at ``project_path`` in it (a QApplication
    must exist). A failure to open is shown as a message; the window then shows the welcome
    page."""
    window = MainWindow()
    window.show()
    window.open_project(Path(project_path))
    return window


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Glocal Annotator")
        self.settings = Settings()
        self.undo_stack = QUndoStack(self)
        self.session = Session(self.undo_stack)
        self.status = StatusBar(self)
        self._unsubscribe = None
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
        # Analysis views: a dock of their own, shown when the Analysis menu opens one
        self.analysis = AnalysisDock(self, session=self.session)
        self.analysis_dock = self._dock("&Analysis", "analysisDock", self.analysis,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["search"], self.analysis_dock)
        self.analysis_dock.hide()

        session, status, codes = self.session, self.status, self.codebook.model
        self.quick = QuickCodes(self.settings, codes, self)
        self.coding = CodingController(self, session, self.view, codes, self.quick, status)
        self.codebook_actions = CodebookController(
            self, session, self.codebook, self.quick, status,
            show_codes=self.view.set_visible_codes, show_segments=self.show_segments_for_code)
        self.searching = SearchController(
            self, session, self.search, self.view, codes, self.codebook.current_code_id, status,
            show_range=self.show_range, reveal=lambda: self._reveal("search"))
        self.codebook_exchange = CodebookExchange(self, session, status)
        self.export_controller = ExportController(self, session, self.view, status,
                                                  self.codebook_exchange.export_word,
                                                  figures=self.analysis.report_figures,
                                                  only_coders=self.analysis.only_coder_ids)
        self.document_data = DocumentDataController(self, session, lambda: self.view.document_id)
        self.sync = ProjectSync(session, self.view, self.codebook, self.documents, self.segments,
                                self.quick)
        self.file_watch = file_watch.ProjectFileWatch(session, self.project_file_lost, self)
        self.qdpx = QdpxExchange(self, session, status, self.open_project,
                                 lambda: self.settings.coder_name)
        self.team = self._team_controller()
        self.menus = build_menus(self)
        self._connect()
        self.setAcceptDrops(True)
        self._restore_layout()
        self._show_welcome()

    def _team_controller(self) -> TeamController:
        from glocal_annotator.ui.document.coder_lanes import CoderLanesView

        return TeamController(self, self.session, self.status, self.settings,
                              show_only=self._show_only_coder,
                              coder=lambda: self.settings.coder_name,
                              status_bar=self.statusBar, make_viewer=CoderLanesView)

    def _show_only_coder(self, name: str | None) -> None:
        """Blind coding (Team ▸ Show only my codings): the coder ``name``'s codings alone in
        the document views and in every analysis view; None: everyone's."""
        self.sync.set_only_coder(name)
        self.analysis.set_only_coder(name)

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
        self.quick.changed.connect(self._quick_codes_changed)
        self.welcome.newRequested.connect(self.new_project_dialog)
        self.welcome.openRequested.connect(self.open_project_dialog)
        self.welcome.demoRequested.connect(self.open_demo)
        self.welcome.openPathRequested.connect(lambda p: self.open_project(Path(p)))
        self.documents.documentChosen.connect(self.open_document)
        self.documents.menuRequested.connect(self.document_data.show_document_menu)
        self.codebook.codeActivated.connect(self._code_activated)
        self.codebook.codeClicked.connect(self.show_segments_for_code)
        self.codebook.model.selectionDropped.connect(
            self.coding.code_dropped, Qt.ConnectionType.QueuedConnection)
        self.view.contextMenuRequested.connect(self.coding.show_context_menu)
        self.view.deleteCodingRequested.connect(self.coding.remove_coding)
        self.view.codingClicked.connect(self._coding_clicked)
        self.view.codingActivated.connect(self.coding.edit_memo)
        self.view.spansLoaded.connect(self._codings_loaded)
        self.segments.segmentActivated.connect(self.show_segment)
        self.search.hitActivated.connect(self.show_range)
        self.analysis.passageActivated.connect(self.show_range)
        self.analysis.revealRequested.connect(self._reveal_analysis)

    # -- what the window shows ----------------------------------------------------------------

    @property
    def project(self):
        """The open project (None on the welcome page)."""
        return self.session.project

    @property
    def current_document_id(self) -> int | None:
        """The id of the document open in the view, if any."""
        return self.view.document_id

    @property
    def document_text(self) -> str:
        """The stored text of the open document ("" when none is open)."""
        return self.view.text

    # -- project lifecycle -------------------------------------------------------------------

    def require_project(self):
        """The open project; raises GlocalError when none is open."""
        return self.session.require_project()

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
            from glocal_annotator.ui.shell.salvage_dialog import offer_salvage

            return offer_salvage(self, path, damaged)
        except ProjectNotWritable as not_writable:  # a read-only file, folder or disk
            project = Project.open(path, read_only=True, coder=coder)
            why = getattr(not_writable, "why", str(not_writable))
            notices.append(f"{why}. You can read, search and export it; to change it, save a "
                           "copy in a folder you can write to (Project ▸ Save a copy as…).")
        self.set_project(project)
        notices += [notice[:1].upper() + notice[1:] + "." for notice in project.notices]
        if notices:
            from glocal_annotator.ui.common.feedback import show_notice

            title = ("Opened read-only." if project.read_only and not read_only
                     else "Opened.")
            show_notice(self, title, "\n\n".join(notices))
        return True

    def set_project(self, project) -> None:
        """Show ``project`` (an open Project); the window closes it when done."""
        self.close_project()
        self.session.project = project
        self._unsubscribe = project.subscribe(self.sync.on_change)
        self.settings.add_recent_project(project.path)
        self.undo_stack.clear()
        self.sync.reload_all()
        self.team.project_opened()  # blind coding as it was left for this project
        self.analysis.set_project(project)
        self.stack.setCurrentWidget(self.view)
        for dock in self.docks.values():
            dock.setVisible(True)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        else:
            self._default_dock_sizes()
        self.update_title()
        documents = project.documents()
        first = first_document(documents, self.settings.last_document(project.path))
        if first is not None:
            size = next(d.characters for d in documents if d.id == first)
            if size > BIG_DOCUMENT:  # the window first (painted: the loop turns meanwhile),
                # then the text, in a turn of its own
                QTimer.singleShot(FIRST_DOCUMENT_AFTER, lambda: self._open_first(project, first))
            else:
                self.open_document(first)
        self._warming = project.warm_search()
        self._warm_timer.start()
        self.file_watch.watch()
        if not project.read_only:
            preload_for_writing()

    def _open_first(self, project, document_id: int) -> None:
        """Open the project's first document, unless the user went elsewhere meanwhile."""
        if self.project is project and self.current_document_id is None:
            self.open_document(document_id)

    def _warm_search_step(self) -> None:
        """One document into the search cache per idle turn, so the first search is quick."""
        if self._warming is None or next(self._warming, None) is None:
            self._warm_timer.stop()
            self._warming = None

    def _default_dock_sizes(self) -> None:
        from glocal_annotator.ui.shell.window_fit import dock_sizes

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
        self.team.project_closed()
        self.view.clear()  # before the project closes: no step of the view reads it after
        self.segments.set_project(None)
        self.analysis.set_project(None)
        self.project.close()
        self.session.project = None
        self.search.clear_results()
        memory.release_long_lived()
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_projects())
        self.stack.setCurrentWidget(self.welcome)
        for dock in (*self.docks.values(), self.analysis_dock):
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
                                              folders.PROJECT_FILTER)
        if path:
            folders.remember(path)
            self.open_project(Path(path))

    @guarded
    def new_project_dialog(self) -> None:
        from glocal_annotator.project import Project

        path, _ = QFileDialog.getSaveFileName(self, "New project",
                                              folders.start_path("project.glocal"),
                                              folders.PROJECT_FILTER)
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
        project = self.require_project()
        self.update_title()
        file_watch.tell_file_lost(self, project, state, self.status, self.save_copy_dialog)

    @guarded
    def save_copy_dialog(self) -> Path | None:
        """Project ▸ Save a copy as… (see :func:`.file_watch.save_copy_dialog`)."""
        return file_watch.save_copy_dialog(self, self.require_project(), self.status,
                                           self.open_project)

    # -- documents and positions -------------------------------------------------------------

    @guarded
    def open_document(self, document_id: int) -> None:
        """Show a document: its text at once; its codings at once when they are few, else
        read and indexed in short steps after this returns (the window stays responsive)."""
        project = self.require_project()
        text = project.document_text(document_id)
        self.view.set_document(text, self.sync.spans_of(document_id), document_id)
        if self.view.busy():
            self.status.showMessage(LOADING_CODINGS)
        self.documents.select_document(document_id)
        self.settings.set_last_document(project.path, document_id)

    def _codings_loaded(self) -> None:
        if self.statusBar().currentMessage() == LOADING_CODINGS:
            self.statusBar().clearMessage()

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
        # selected, or marked as found when its code is hidden ("show only"); when the
        # document's codings are still being loaded, as soon as they are
        self.view.show_coding(coding_id, start, end)
        self.view.text_edit().setFocus()

    def show_segments_for_code(self, code_id: int) -> None:
        self._reveal("segments")
        self.segments.show_code(code_id)

    def _reveal_analysis(self) -> None:
        """Show the Analysis dock, at first with half the window's height: a table or chart
        needs more room than a list of hits."""
        dock = self.analysis_dock
        if not dock.isVisible() and not dock.isFloating():
            dock.show()
            self.resizeDocks([dock], [self.height() // 2], Qt.Orientation.Vertical)
        dock.show()
        dock.raise_()

    def _reveal(self, dock: str) -> None:
        self.docks[dock].show()
        self.docks[dock].raise_()

    # -- codes -------------------------------------------------------------------------------

    def quick_codes(self) -> list[Code | None]:
        """The codes of the quick keys 1-9 (None for a key without one)."""
        return self.quick.codes()

    def refresh_quick_codes(self) -> None:
        self.quick.refresh()

    def _quick_codes_changed(self) -> None:
        self.codebook.model.set_quick_keys(self.quick.keys())
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
        from glocal_annotator.ui.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.codebook.model.codes(), self.quick.codes(),
                                self)
        if dialog.exec():
            dialog.save()
            self.apply_settings()

    def apply_settings(self) -> None:
        self.view.set_font(self.settings.font)
        if self.project is not None:
            self.project.coder_name = self.settings.coder_name
        self.team.blind.coder_changed()
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
        from glocal_annotator.ui.exchange.import_dialog import ImportJob

        self.require_project()
        job = ImportJob(self, self.session, paths, self.status, self.open_document)
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
        from glocal_annotator.ui.shell.window_fit import fit_window

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
        from glocal_annotator.ui.shell.window_fit import fit_window

        fit_window(self, restored=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.settings.sync()
        self.close_project()
        super().closeEvent(event)
