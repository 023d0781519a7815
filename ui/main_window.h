#pragma once

#include <QMainWindow>

namespace hullft::ui {

// The workbench window: composes the query panel and the dockable views; owns no data.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void createMenus();
    void createDocks();
    void restoreWindowState();
    void closeEvent(QCloseEvent* event) override;
};

}  // namespace hullft::ui
