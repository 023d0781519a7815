#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

// Runs the built `hullft` CLI as a user would and captures what it printed.
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline CliResult runCli(const QStringList& arguments, int timeoutMs = 120000) {
    QProcess process;
    process.start(QStringLiteral(HULLFT_CLI_PATH), arguments);
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}
