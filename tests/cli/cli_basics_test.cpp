#include <QtTest>

#include "cli_runner.h"

class CliBasicsTest : public QObject {
    Q_OBJECT
private slots:
    void help_lists_commands_and_exits_zero() {
        const CliResult result = runCli({"--help"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("Usage: hullft <command>"));
    }
    void version_prints_semantic_version() {
        const CliResult result = runCli({"--version"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(QRegularExpression("^hullft \\d+\\.\\d+\\.\\d+\\n$").match(QString::fromUtf8(result.out)).hasMatch());
    }
    void unknown_command_is_a_usage_error() {
        const CliResult result = runCli({"frobnicate"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("unknown command 'frobnicate'"));
        QVERIFY(result.out.isEmpty());
    }
    void no_arguments_prints_help_and_fails() {
        const CliResult result = runCli({});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.contains("Commands:"));
    }
};

QTEST_GUILESS_MAIN(CliBasicsTest)
#include "cli_basics_test.moc"
