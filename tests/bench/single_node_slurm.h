// A real one-node Slurm cluster for a test, started without systemd: munged with its own key and
// socket, slurmctld and slurmd from a generated slurm.conf on free ports, everything inside one
// folder. Client commands (sbatch, squeue) reach it through SLURM_CONF, which environment() sets.
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class SingleNodeSlurm {
public:
    // The Debian programs it needs (slurm-wlm, munge) that are not installed; empty when it can run.
    static QStringList missingPrograms();

    explicit SingleNodeSlurm(const QString& directory);
    ~SingleNodeSlurm();  // shuts the daemons down

    // Starts munged, slurmctld and slurmd and waits until the node is idle. Returns an empty
    // string, or what went wrong with the daemons' log tails.
    QString start();
    // The current environment plus SLURM_CONF: for sbatch, squeue and the jobs they start.
    QProcessEnvironment environment() const;
    // Whether squeue still lists the job (pending or running).
    bool queued(const QString& jobId) const;
    // The last lines of the controller's and the node's logs, for failure messages.
    QString logTails() const;

private:
    QString directory_;
    bool started_ = false;
};
