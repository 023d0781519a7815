#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

namespace hullft::ui {

namespace {
struct DockSpec {
    const char* objectName;
    const char* title;
    Qt::DockWidgetArea area;
};

// The views of design.md; each later gets its own page class.
constexpr DockSpec kDocks[] = {
    {"supportDock", "Support set", Qt::RightDockWidgetArea},
    {"weightsDock", "Convex weights and multiset", Qt::RightDockWidgetArea},
    {"fwDock", "FW convergence", Qt::RightDockWidgetArea},
    {"embeddingDock", "Embedding view", Qt::RightDockWidgetArea},
    {"lossDock", "Loss curve", Qt::BottomDockWidgetArea},
    {"cacheDock", "Gradient cache", Qt::BottomDockWidgetArea},
    {"outputDock", "Base vs adapted", Qt::BottomDockWidgetArea},
    {"comparisonDock", "Method comparison", Qt::BottomDockWidgetArea},
    {"auditDock", "Audit log", Qt::BottomDockWidgetArea},
};
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("HullFT Workbench"));
    setObjectName(QStringLiteral("mainWindow"));
    auto* placeholder = new QLabel(tr("Query"), this);
    placeholder->setObjectName(QStringLiteral("queryPanel"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    createMenus();
    createDocks();
    statusBar()->showMessage(tr("Ready"));
    restoreWindowState();
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Close the workbench"));
}

void MainWindow::createDocks() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (const DockSpec& spec : kDocks) {
        auto* dock = new QDockWidget(tr(spec.title), this);
        dock->setObjectName(QString::fromLatin1(spec.objectName));
        auto* empty = new QLabel(tr("No query yet"), dock);
        empty->setAlignment(Qt::AlignCenter);
        dock->setWidget(empty);
        addDockWidget(spec.area, dock);
        view->addAction(dock->toggleViewAction());
    }
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value("mainWindow/geometry").toByteArray())) resize(1280, 800);
    restoreState(settings.value("mainWindow/state").toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    settings.setValue("mainWindow/state", saveState());
    event->accept();
}

}  // namespace hullft::ui
