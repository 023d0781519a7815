#include "session_replay.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "common/cancellation.h"
#include "html_export.h"
#include "session_reader.h"

namespace hullft::ui {

QueryJob sessionReplayJob(const QString& sessionPath) {
    const std::string path = sessionPath.toStdString();
    return [path](PipelineObserver& observer, const CancellationToken& cancel) {
        const sessions::SessionReader reader(path);
        for (const auto& query : reader.queries()) {
            cancel.throwIfCancelled();
            reader.replay(query.query_id, observer);
        }
    };
}

void exportSessionReport(const QString& sessionPath, const QString& htmlPath) {
    // The save dialog accepts any name; writing the report over its own session destroys the audit.
    if (QFileInfo::exists(htmlPath) && QFileInfo(htmlPath).canonicalFilePath() == QFileInfo(sessionPath).canonicalFilePath())
        throw std::runtime_error(htmlPath.toStdString() + ": is the session being exported; choose another file");
    const sessions::SessionReader reader(sessionPath.toStdString());
    const std::string html = sessions::exportHtml(reader);
    QSaveFile file(htmlPath);  // written to a temporary file and renamed on commit
    if (!file.open(QIODevice::WriteOnly) || file.write(html.data(), static_cast<qint64>(html.size())) < 0 || !file.commit())
        throw std::runtime_error(htmlPath.toStdString() + ": cannot write the report");
}

}  // namespace hullft::ui
