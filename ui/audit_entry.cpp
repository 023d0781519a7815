#include "audit_entry.h"

#include <QObject>

namespace hullft::ui {

namespace {
AuditEntry entry(const char* kind, const QString& summary, std::optional<int> step = std::nullopt) {
    return {QTime::currentTime(), QString(), QString::fromLatin1(kind), step, summary};
}

QString str(const std::string& text) { return QString::fromStdString(text); }

// Long texts (queries, continuations) shortened to one readable line.
QString excerpt(const std::string& text) {
    constexpr int kLength = 80;
    QString line = str(text).simplified();
    return line.size() > kLength ? line.left(kLength) + QStringLiteral("…") : line;
}
}  // namespace

QStringList auditKinds() {
    return {
        QStringLiteral("query started"), QStringLiteral("progress"),        QStringLiteral("candidates"),
        QStringLiteral("fw iteration"),  QStringLiteral("projection"),      QStringLiteral("selection"),
        QStringLiteral("finetune step"), QStringLiteral("circuit breaker"), QStringLiteral("evaluation"),
        QStringLiteral("generation"),    QStringLiteral("stage timing"),    QStringLiteral("query finished")};
}

AuditEntry describeEvent(const ProgressEvent& e) {
    const QString amount =
        e.total > 0 ? QObject::tr("%1 of %2").arg(e.done).arg(e.total) : QString::number(e.done);
    return entry(
        "progress",
        QObject::tr("%1: %2 after %3 s").arg(str(e.stage), amount).arg(e.elapsed_seconds, 0, 'f', 2));
}

AuditEntry describeEvent(const QueryStartedEvent& e) {
    return entry(
        "query started",
        QObject::tr("%1 (N=%2, K=%3) on \"%4\"").arg(str(e.method)).arg(e.n).arg(e.k).arg(excerpt(e.text)));
}

AuditEntry describeEvent(const CandidatesReadyEvent& e) {
    const QString best =
        e.candidates.empty() ? QStringLiteral("–") : QString::number(e.candidates.front().score, 'f', 4);
    return entry("candidates", QObject::tr("%1 candidates in %2 s, best score %3")
                                   .arg(e.candidates.size())
                                   .arg(e.seconds, 0, 'f', 3)
                                   .arg(best));
}

AuditEntry describeEvent(const FwIterationEvent& e) {
    return entry("fw iteration",
                 QObject::tr("moved to row %1, γ = %2, residual %3")
                     .arg(e.chosen_row)
                     .arg(e.gamma, 0, 'g', 4)
                     .arg(e.residual_norm, 0, 'g', 5),
                 e.iteration);
}

AuditEntry describeEvent(const EmbeddingProjectionEvent& e) {
    return entry("projection", QObject::tr("%1 candidates on 2 principal components (%2 % variance)")
                                   .arg(e.candidate_x.size())
                                   .arg(100.0 * e.explained_variance, 0, 'f', 1));
}

AuditEntry describeEvent(const SelectionReadyEvent& e) {
    return entry("selection", QObject::tr("%1: %2 support sequences, %3 training steps, %4 s")
                                  .arg(str(e.method))
                                  .arg(e.support.size())
                                  .arg(e.training_order.size())
                                  .arg(e.seconds, 0, 'f', 3));
}

AuditEntry describeEvent(const FinetuneStepEvent& e) {
    const QString loss =
        e.loss ? QObject::tr("loss %1").arg(*e.loss, 0, 'f', 4) : QObject::tr("reused gradient");
    return entry("finetune step",
                 QObject::tr("sequence %1, %2, |g| %3, |Δθ| %4, params %5")
                     .arg(e.sequence_id)
                     .arg(loss)
                     .arg(e.gradient_norm, 0, 'g', 4)
                     .arg(e.update_norm, 0, 'g', 3)
                     .arg(str(e.parameter_digest).left(12)),
                 e.step);
}

AuditEntry describeEvent(const CircuitBreakerEvent& e) {
    return entry("circuit breaker",
                 QObject::tr("%1%2").arg(
                     str(e.reason), e.base_restored ? QObject::tr("; base weights restored") : QString()),
                 e.step >= 0 ? std::optional<int>(e.step) : std::nullopt);
}

AuditEntry describeEvent(const EvaluationEvent& e) {
    return entry("evaluation", QObject::tr("BPB base %1, adapted %2%3 (%4 tokens, %5 bytes)")
                                   .arg(e.base_bpb, 0, 'f', 4)
                                   .arg(e.adapted_bpb, 0, 'f', 4)
                                   .arg(e.adapted_rejected ? QObject::tr(", rejected") : QString())
                                   .arg(e.tokens)
                                   .arg(e.bytes));
}

AuditEntry describeEvent(const GenerationEvent& e) {
    return entry("generation", QObject::tr("base \"%1\" / adapted \"%2\"")
                                   .arg(excerpt(e.base_continuation), excerpt(e.adapted_continuation)));
}

AuditEntry describeEvent(const StageTimingEvent& e) {
    return entry("stage timing", QObject::tr("%1 took %2 s").arg(str(e.stage)).arg(e.seconds, 0, 'f', 3));
}

AuditEntry describeEvent(const QueryFinishedEvent& e) {
    QString outcome = e.cancelled ? QObject::tr("cancelled") : QObject::tr("finished");
    if (!e.error.empty()) outcome = QObject::tr("failed: %1").arg(str(e.error));
    return entry("query finished", QObject::tr("%1 after %2 s").arg(outcome).arg(e.total_seconds, 0, 'f', 2));
}

}  // namespace hullft::ui
