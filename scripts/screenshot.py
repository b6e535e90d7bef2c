"""Build the demo project in a temporary folder, open the main window offscreen at 1400x900 on
the interview with its codings, a passage selected and a code selected in the codebook, and save
``docs/screenshot.png``.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot.py [output.png]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# an offscreen screen roomy enough for the 1400x900 window (the window fits its screen, and
# Qt's offscreen screen is 800x800 unless told otherwise)
_SCREEN = Path(tempfile.mkdtemp(prefix="glocal-shot-screen-")) / "screen.json"
_SCREEN.write_text(json.dumps({"screens": [{"name": "shot", "x": 0, "y": 0, "width": 1920,
                                            "height": 1080, "logicalDpi": 96}]}))
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    with tempfile.TemporaryDirectory(prefix="glocal-shot-") as folder:
        os.environ["GLOCAL_ANNOTATOR_DATA"] = folder
        from glocal_annotator.ui.common.settings import use_settings_folder

        use_settings_folder(folder)
        from glocal_annotator.demo import build_demo
        from glocal_annotator.ui import open_window
        from glocal_annotator.ui.shell.app import application

        app = application()
        build_demo(Path(folder) / "demo.glocal").close()
        window = open_window(Path(folder) / "demo.glocal")
        window.resize(1400, 900)
        project = window.project
        interview = next(d for d in project.documents() if d.name.startswith("interview"))
        window.open_document(interview.id)
        code = project.find_code("Hybridization/Indigenization")
        window.codebook.select_code(code.id)
        window.segments.show_code(project.find_code("Hybridization").id)
        coding = project.codings(document_ids=[interview.id], code_ids=[code.id])[0]
        window.view.select_coding(coding.id)
        window.view.scroll_to(max(0, coding.start - 400))
        for _ in range(30):
            app.processEvents()
        window.resize(1400, 900)  # after the window's own fit to its screen
        for _ in range(30):
            app.processEvents()
        output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(output))
        window.close()
    print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
