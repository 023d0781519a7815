#include "audit_entry.h"

#include <QObject>

namespace hullft::ui {
namespace {

// "fw_iteration" -> "fw iteration": the audit log's name of a record kind.
QString kindLabel(const char* kind) { return QString::fromLatin1(kind).replace(QLatin1Char('_'), QLatin1Char(' ')); }

template <typename Event>
AuditEntry entry(const Event&, const QString& summary, std::optional<int> step = std::nullopt) {
    return {QTime::currentTime(), QString(), kindLabel(EventTraits<Event>::kind), step, summary};
}

QString str(const std::string& text) { return QString::fromStdString(text); }

// Long texts (queries, continuations) shortened to one readable line.
QString excerpt(const std::string& text) {
    constexpr int kLength = 80;
    QString line = str(text).simplified();
    return line.size() > kLength ? line.left(kLength) + QStringLiteral("…") : line;
}

// One summary per event kind that has its own wording.
AuditEntry summarize(const ProgressEvent& e) {
    const QString amount =
        e.total > 0 ? QObject::tr("%1 of %2").arg(e.done).arg(e.total) : QString::number(e.done);
    return entry(e, QObject::tr("%1: %2 after %3 s").arg(str(e.stage), amount).arg(e.elapsed_seconds, 0, 'f', 2));
}

AuditEntry summarize(const QueryStartedEvent& e) {
    return entry(e, QObject::tr("%1 (N=%2, K=%3) on \"%4\"").arg(str(e.method)).arg(e.n).arg(e.k).arg(excerpt(e.text)));
}

AuditEntry summarize(const CandidatesReadyEvent& e) {
    const QString best =
        e.candidates.empty() ? QStringLiteral("–") : QString::number(e.candidates.front().score, 'f', 4);
    return entry(e, QObject::tr("%1 candidates in %2 s, best score %3")
                                   .arg(e.candidates.size())
                                   .arg(e.seconds, 0, 'f', 3)
                                   .arg(best));
}

AuditEntry summarize(const FwIterationEvent& e) {
    return entry(e, QObject::tr("moved to row %1, γ = %2, residual %3")
                     .arg(e.chosen_row)
                     .arg(e.gamma, 0, 'g', 4)
                     .arg(e.residual_norm, 0, 'g', 5),
                 e.iteration);
}

AuditEntry summarize(const EmbeddingProjectionEvent& e) {
    return entry(e, QObject::tr("%1 candidates on 2 principal components (%2 % variance)")
                                   .arg(e.candidate_x.size())
                                   .arg(100.0 * e.explained_variance, 0, 'f', 1));
}

AuditEntry summarize(const SelectionReadyEvent& e) {
    return entry(e, QObject::tr("%1: %2 support sequences, %3 training steps, %4 s")
                                  .arg(str(e.method))
                                  .arg(e.support.size())
                                  .arg(e.training_order.size())
                                  .arg(e.seconds, 0, 'f', 3));
}

AuditEntry summarize(const FinetuneStepEvent& e) {
    const QString loss =
        e.loss ? QObject::tr("loss %1").arg(*e.loss, 0, 'f', 4) : QObject::tr("reused gradient");
    return entry(e, QObject::tr("sequence %1, %2, |g| %3, |Δθ| %4, params %5")
                     .arg(e.sequence_id)
                     .arg(loss)
                     .arg(e.gradient_norm, 0, 'g', 4)
                     .arg(e.update_norm, 0, 'g', 3)
                     .arg(str(e.parameter_digest).left(12)),
                 e.step);
}

AuditEntry summarize(const CircuitBreakerEvent& e) {
    return entry(e, QObject::tr("%1%2").arg(
                     str(e.reason), e.base_restored ? QObject::tr("; base weights restored") : QString()),
                 e.step >= 0 ? std::optional<int>(e.step) : std::nullopt);
}

AuditEntry summarize(const EvaluationEvent& e) {
    return entry(e, QObject::tr("BPB base %1, adapted %2%3 (%4 rule, %5 tokens, %6 bytes)")
                                   .arg(e.base_bpb, 0, 'f', 4)
                                   .arg(e.adapted_bpb, 0, 'f', 4)
                                   .arg(e.adapted_rejected ? QObject::tr(", rejected") : QString())
                                   .arg(str(e.bpb_rule))
                                   .arg(e.tokens)
                                   .arg(e.bytes));
}

AuditEntry summarize(const GenerationEvent& e) {
    return entry(e, QObject::tr("base \"%1\" / adapted \"%2\"")
                                   .arg(excerpt(e.base_continuation), excerpt(e.adapted_continuation)));
}

AuditEntry summarize(const StageTimingEvent& e) {
    return entry(e, QObject::tr("%1 took %2 s").arg(str(e.stage)).arg(e.seconds, 0, 'f', 3));
}

AuditEntry summarize(const QueryFinishedEvent& e) {
    QString outcome = e.cancelled ? QObject::tr("cancelled") : QObject::tr("finished");
    if (!e.error.empty()) outcome = QObject::tr("failed: %1").arg(str(e.error));
    return entry(e, QObject::tr("%1 after %2 s").arg(outcome).arg(e.total_seconds, 0, 'f', 2));
}

// Kinds without a summary of their own: their numbers, flags and short texts.
template <typename Event>
AuditEntry describeFields(const Event& e) {
    QStringList parts;
    forEachField(e, [&parts](const char* name, const auto& value) {
        using Value = std::decay_t<decltype(value)>;
        if constexpr (std::is_arithmetic_v<Value>) parts << QStringLiteral("%1 %2").arg(QLatin1String(name)).arg(value);
        else if constexpr (std::is_same_v<Value, std::string>) parts << QStringLiteral("%1 \"%2\"").arg(QLatin1String(name), excerpt(value));
    });
    return entry(e, parts.join(QStringLiteral(", ")));
}

// summarize(e) where the kind has one (preferred: 0 is an int), else describeFields(e).
template <typename Event>
auto describe(const Event& e, int) -> decltype(summarize(e)) {
    return summarize(e);
}
template <typename Event>
AuditEntry describe(const Event& e, long) {
    return describeFields(e);
}

}  // namespace

QStringList auditKinds() {
    QStringList kinds;
#define HULLFT_AUDIT_KIND(Event, method, kindName, ...) kinds << kindLabel(kindName);
    HULLFT_PIPELINE_EVENTS(HULLFT_AUDIT_KIND)
#undef HULLFT_AUDIT_KIND
    return kinds;
}

AuditEntry describeEvent(const PipelineEvent& event) {
    return std::visit([](const auto& e) { return describe(e, 0); }, event);
}

}  // namespace hullft::ui
