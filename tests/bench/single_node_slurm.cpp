#include "single_node_slurm.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

const QStringList kSearchPath{"/usr/sbin", "/usr/bin", "/sbin", "/bin"};

QString program(const QString& name) {
    const QString found = QStandardPaths::findExecutable(name);
    return found.isEmpty() ? QStandardPaths::findExecutable(name, kSearchPath) : found;
}

struct Output {
    int exitCode = -1;
    QString text;
};

Output run(const QString& name, const QStringList& arguments, const QProcessEnvironment& environment) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program(name), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, QString::fromUtf8(process.readAll())};
}

// A TCP port nobody listens on now (the kernel's pick), for the daemons of this test only.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

QString tail(const QString& path, int lines) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return path + ": (none)";
    const QStringList all = QString::fromUtf8(file.readAll()).split('\n');
    return path + ":\n  " + all.mid(std::max(0, static_cast<int>(all.size()) - lines)).join("\n  ");
}

}  // namespace

QStringList SingleNodeSlurm::missingPrograms() {
    QStringList missing;
    for (const char* name : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scontrol"})
        if (program(name).isEmpty()) missing << name;
    return missing;
}

SingleNodeSlurm::SingleNodeSlurm(const QString& directory) : directory_(directory) {}

SingleNodeSlurm::~SingleNodeSlurm() {
    if (!started_) return;
    run("scontrol", {"shutdown"}, environment());
    QFile pid(directory_ + "/munged.pid");
    if (pid.open(QIODevice::ReadOnly)) ::kill(static_cast<pid_t>(pid.readAll().trimmed().toLongLong()), SIGTERM);
    // The daemons leave read-only files (munged's seed, slurmd's spool) that would keep the
    // test's temporary folder from being removed.
    QThread::msleep(500);
    run("chmod", {"-R", "u+w", directory_}, QProcessEnvironment::systemEnvironment());
}

QProcessEnvironment SingleNodeSlurm::environment() const {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("SLURM_CONF", directory_ + "/slurm.conf");
    return environment;
}

QString SingleNodeSlurm::start() {
    QDir().mkpath(directory_ + "/state");
    QDir().mkpath(directory_ + "/spool");
    // munged insists on a private key file in a private folder.
    QFile::setPermissions(directory_, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile key(directory_ + "/munge.key");
    if (!key.open(QIODevice::WriteOnly)) return "cannot write " + key.fileName();
    QByteArray bytes(1024, '\0');
    for (char& byte : bytes) byte = static_cast<char>(QRandomGenerator::global()->bounded(256));
    key.write(bytes);
    key.close();
    key.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    const QString socket = directory_ + "/munge.socket";
    const Output munged = run("munged", {"--force", "--key-file=" + key.fileName(), "--socket=" + socket,
                                         "--pid-file=" + directory_ + "/munged.pid", "--log-file=" + directory_ + "/munged.log",
                                         "--seed-file=" + directory_ + "/munged.seed"},
                              QProcessEnvironment::systemEnvironment());
    if (munged.exitCode != 0) return "munged failed: " + munged.text + tail(directory_ + "/munged.log", 10);
    started_ = true;

    // The node as slurmd sees this machine: its name, CPUs and memory.
    const Output node = run("slurmd", {"-C"}, QProcessEnvironment::systemEnvironment());
    const QString nodeLine = node.text.split('\n').value(0);
    if (!nodeLine.startsWith("NodeName=")) return "slurmd -C said: " + node.text;
    const QString host = nodeLine.section(' ', 0, 0).section('=', 1);
    const QString user = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
    const QString d = directory_;
    const QString conf = QStringList{
        "ClusterName=hullfttest", "SlurmctldHost=" + host, "SlurmUser=" + user, "SlurmdUser=" + user,
        QString("SlurmctldPort=%1").arg(freePort()), QString("SlurmdPort=%1").arg(freePort()),
        "AuthType=auth/munge", "CredType=cred/munge", "AuthInfo=socket=" + socket,
        "StateSaveLocation=" + d + "/state", "SlurmdSpoolDir=" + d + "/spool",
        "SlurmctldPidFile=" + d + "/slurmctld.pid", "SlurmdPidFile=" + d + "/slurmd.pid",
        "SlurmctldLogFile=" + d + "/slurmctld.log", "SlurmdLogFile=" + d + "/slurmd.log",
        // No cgroups, accounting or MPI: nothing outside this folder is needed or touched.
        "ProctrackType=proctrack/pgid", "TaskPlugin=task/none", "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
        "SchedulerType=sched/backfill", "JobCompType=jobcomp/none", "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none", "MpiDefault=none", "ReturnToService=2",
        nodeLine, "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""}.join('\n');
    QFile confFile(d + "/slurm.conf");
    if (!confFile.open(QIODevice::WriteOnly)) return "cannot write " + confFile.fileName();
    confFile.write(conf.toUtf8());
    confFile.close();

    for (const char* daemon : {"slurmctld", "slurmd"}) {
        const Output started = run(daemon, {"-f", d + "/slurm.conf"}, environment());
        if (started.exitCode != 0) return QString(daemon) + " failed: " + started.text + "\n" + logTails();
    }
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 60000) {
        if (run("sinfo", {"-h", "-o", "%t"}, environment()).text.trimmed() == "idle") return {};
        QThread::msleep(250);
    }
    return "the node did not become idle within 60 s\n" + logTails();
}

bool SingleNodeSlurm::queued(const QString& jobId) const {
    const Output listed = run("squeue", {"-h", "-j", jobId, "-o", "%T"}, environment());
    return listed.exitCode == 0 && !listed.text.trimmed().isEmpty();  // a finished job is not listed, or unknown
}

QString SingleNodeSlurm::logTails() const {
    return tail(directory_ + "/slurmctld.log", 15) + "\n" + tail(directory_ + "/slurmd.log", 15);
}
