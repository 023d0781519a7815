// File > Open store on real stores built here: one embedded by the default model from a
// Pile-format shard (domain = pile_set_name, path = the shard, part = "line N"), one by the
// hashed n-gram embedder from a synthetic corpus. The store summary (metric, index, counts, size),
// the query panel's Datastore line and the rule that a picked store wins until another model is
// opened, File > Recent stores across windows, folders that hold no store or a corrupt manifest
// refused with the store in use kept, a store of another embedder refused with core's reason at
// load and again at Run, and the support table's score column and provenance after a real query
// (and in its replay, which records no metric).
// Saves a screenshot of the window with the summary over it.
// LibTorch headers first: Qt's `slots` macro breaks them when a Qt header comes first.
// clang-format off
#include "common/sqlite_database.h"
#include "datastore/default_store.h"
#include "datastore/hashed_ngram_embedder.h"
#include "datastore/hf_embedder.h"
#include "datastore/lm_embedder.h"
#include "datastore/store.h"
#include "datastore/store_builder.h"
#include "model/load_language_model.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/tokenizer.h"
// clang-format on

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "gui_test_support.h"
#include "main_window.h"
#include "model_folder_dialog.h"
#include "pipeline_backend.h"
#include "sequence_lookup.h"
#include "session_replay.h"
#include "store_fixtures.h"
#include "store_folder_dialog.h"
#include "store_manifest_text.h"
#include "summary_labels.h"
#include "support_set_model.h"

using hullft::ui::MainWindow;
using hullft::ui::StoreFolderDialog;

namespace {

const QString kDefaultModel = QStringLiteral(HULLFT_SOURCE_DIR "/resources/models/default");
const QString kHashedIdentity = QStringLiteral("hashed-ngram-v1-d64");

QString labelText(const QWidget& parent, const char* name) {
    const auto* label = parent.findChild<QLabel*>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("(no %1)").arg(QString::fromLatin1(name));
}

// Twelve documents in the Pile's JSONL layout, as an imported shard holds them.
void writePileShard(const QString& path) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    const char* const kSets[] = {"Pile-CC", "Github", "ArXiv"};
    for (int line = 0; line < 12; ++line) {
        const nlohmann::json document = {{"text", store_fixtures::documentText(500 + line, 500)},
                                         {"meta", {{"pile_set_name", kSets[line % 3]}}}};
        out << document.dump() << "\n";
    }
}

hullft::StoreBuildOptions smallStoreOptions(const QString& store) {
    hullft::StoreBuildOptions options;
    options.store_dir = store.toStdString();
    options.max_tokens = 64;
    options.batch_size = 16;
    return options;
}

// Embedded by the default model at the default layer, as `hullft store build` does.
void buildModelStore(const QString& shard, const QString& store) {
    const auto model = hullft::loadLanguageModel(kDefaultModel.toStdString());
    model->module().eval();
    const auto tokenizer = hullft::loadTokenizer(kDefaultModel.toStdString());
    hullft::LmEmbedder embedder(*model, hullft::kDefaultEmbeddingLayer);
    hullft::StoreBuildOptions options = smallStoreOptions(store);
    options.embedding_layer = hullft::kDefaultEmbeddingLayer;
    const hullft::DocumentSource source{hullft::DocumentSource::Kind::Jsonl, shard.toStdString(), "", ""};
    hullft::buildStore(hullft::StoreBuildMode::Build, {source}, options, *tokenizer, embedder, nullptr,
                       nullptr);
}

// Embedded by a sentence-transformers folder (mean pooling, normalised), as
// `hullft store build --embedder hf:FOLDER` does.
void buildEncoderStore(const QString& shard, const QString& folder, const QString& store) {
    hullft::HfEmbedder embedder(folder.toStdString());
    hullft::StoreBuildOptions options = smallStoreOptions(store);
    options.max_tokens = embedder.maxContentTokens();
    options.embedder_description = embedder.description();
    const hullft::DocumentSource source{hullft::DocumentSource::Kind::Jsonl, shard.toStdString(), "", ""};
    hullft::buildStore(hullft::StoreBuildMode::Build, {source}, options, *embedder.tokenizer(), embedder, nullptr,
                       nullptr);
}

void buildHashedStore(const QString& corpus, const QString& store) {
    hullft::ByteLevelTokenizer tokenizer;
    hullft::HashedNgramEmbedder embedder(64);
    const hullft::DocumentSource source{hullft::DocumentSource::Kind::Corpus, corpus.toStdString(), "", ""};
    hullft::buildStore(hullft::StoreBuildMode::Build, {source}, smallStoreOptions(store), tokenizer, embedder,
                       nullptr, nullptr);
}

// A copy of `store` whose manifest row names a metric no store has.
void writeCorruptCopy(const QString& store, const QString& copy) {
    QVERIFY(QDir().mkpath(copy));
    for (const QString& name : QDir(store).entryList(QDir::Files))
        QVERIFY(QFile::copy(store + "/" + name, copy + "/" + name));
    hullft::SqliteDatabase db((copy + "/store.sqlite").toStdString(),
                              hullft::SqliteDatabase::Mode::ReadWrite);
    db.execute(
        "UPDATE manifest SET value = replace(value, '\"inner_product\"', '\"cosine\"') WHERE key = "
        "'manifest'");
}

qint64 storeFileBytes(const QString& store) {
    qint64 bytes = 0;
    for (const QFileInfo& file : QDir(store).entryInfoList(QDir::Files | QDir::Hidden)) bytes += file.size();
    return bytes;
}

// Runs `inspect` on the modal dialog `open` shows, then presses `button` in it.
template <typename Dialog>
void answerModal(QObject* context, std::function<void(Dialog&)> inspect,
                 QDialogButtonBox::StandardButton button) {
    QTimer::singleShot(0, context, [inspect, button] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        inspect(*dialog);
        QPushButton* pressed = dialog->template findChild<QDialogButtonBox*>()->button(button);
        if (pressed && pressed->isEnabled()) {
            QTest::mouseClick(pressed, Qt::LeftButton);
        } else {
            dialog->reject();
        }
    });
}

}  // namespace

class GuiStorePickerTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString pile_store_, hashed_store_, no_store_, corrupt_store_;
    std::unique_ptr<hullft::ui::PipelineBackend> backend_;
    std::unique_ptr<MainWindow> window_;
    QString load_error_;

    template <typename T>
    T* child(const char* name) const {
        T* found = window_->findChild<T*>(QString::fromLatin1(name));
        if (!found) qFatal("no child %s", name);
        return found;
    }
    QString text(const char* label) const { return child<QLabel>(label)->text(); }

    // The window as the workbench composes it, loading with real PipelineBackends.
    void createWindow() {
        window_ = std::make_unique<MainWindow>();
        window_->setSessionOpener(hullft::ui::sessionReplayJob);
        window_->setModelLoader([this](const QString&) { return pile_store_; },
                                [this](const QString& model, const QString& store, const QString& embedder) { load(model, store, embedder); });
        window_->setStartSources(kDefaultModel, pile_store_);
        window_->show();
        window_->resize(1280, 800);
    }

    void load(const QString& model, const QString& store, const QString& embedder = QString()) {
        hullft::PipelineSources sources;
        sources.model_directory = model.toStdString();
        sources.store_directory = store.toStdString();
        sources.embedder_directory = embedder.toStdString();
        backend_ = std::make_unique<hullft::ui::PipelineBackend>(sources, dir_.filePath("corpus"),
                                                                 dir_.filePath("sessions"));
        load_error_ = QStringLiteral("(not done)");
        backend_->loadInto(*window_, [this](const QString& error) { load_error_ = error; });
    }

    bool waitForLoad() {
        return QTest::qWaitFor([this] { return load_error_ != QStringLiteral("(not done)"); }, 60000);
    }

    // Opens `store` through File > Open store's dialog, checking what it shows first.
    void openStore(const QString& store, std::function<void(StoreFolderDialog&)> inspect,
                   QDialogButtonBox::StandardButton button = QDialogButtonBox::Ok, const QString& embedder = QString()) {
        bool shown = false;
        answerModal<StoreFolderDialog>(
            window_.get(),
            [&shown, inspect](StoreFolderDialog& dialog) {
                shown = true;
                inspect(dialog);
            },
            button);
        window_->openStore(store, embedder);
        QVERIFY2(shown, "File > Open store showed no store dialog");
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_store_picker_test"));
        QSettings().clear();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        hullft::testing::dropOffscreenNoise();
        QVERIFY(dir_.isValid());
        qputenv("XDG_DATA_HOME", dir_.filePath(QStringLiteral("data")).toUtf8());
        QVERIFY(QDir().mkpath(dir_.filePath("imports")));
        writePileShard(dir_.filePath("imports/pile_shard.jsonl"));
        pile_store_ = dir_.filePath("stores/pile");
        buildModelStore(dir_.filePath("imports/pile_shard.jsonl"), pile_store_);
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 12, 600);
        hashed_store_ = dir_.filePath("stores/hashed");
        buildHashedStore(dir_.filePath("corpus"), hashed_store_);
        no_store_ = dir_.filePath("stores/notes");
        QVERIFY(QDir().mkpath(no_store_));
        std::ofstream((no_store_ + "/README.txt").toStdString()) << "not a store\n";
        corrupt_store_ = dir_.filePath("stores/corrupt");
        writeCorruptCopy(hashed_store_, corrupt_store_);

        createWindow();
        load(kDefaultModel, pile_store_);
        QVERIFY(waitForLoad());
        QCOMPARE(load_error_, QString());
    }

    void cleanupTestCase() {
        window_.reset();
        backend_.reset();
    }

    void metric_and_index_kinds_are_named_for_people_data() {
        QTest::addColumn<QString>("wording");
        QTest::addColumn<QString>("expected");
        QTest::newRow("inner product") << hullft::ui::metricText("inner_product") << "inner product";
        QTest::newRow("l2") << hullft::ui::metricText("l2") << "L2 distance (smaller is nearer)";
        QTest::newRow("flat") << hullft::ui::indexKindText("flat") << "flat (exact)";
        QTest::newRow("ivf") << hullft::ui::indexKindText("ivf") << "ivf (inverted lists, approximate)";
        QTest::newRow("ivfpq") << hullft::ui::indexKindText("ivfpq")
                               << "ivfpq (on-disk lists, exact re-ranking)";
        QTest::newRow("score, inner product")
            << hullft::ui::candidateScoreHeader("inner_product") << "Inner product";
        QTest::newRow("score, l2") << hullft::ui::candidateScoreHeader("l2") << "Squared L2";
        QTest::newRow("score, replayed session") << hullft::ui::candidateScoreHeader(QString()) << "Retrieval score";
    }

    void metric_and_index_kinds_are_named_for_people() {
        QFETCH(QString, wording);
        QFETCH(QString, expected);
        QCOMPARE(wording, expected);
    }

    void an_l2_manifest_labels_the_score_column_as_squared_distance() {
        hullft::StoreManifest manifest = hullft::Store::open(hashed_store_.toStdString()).manifest();
        manifest.metric = "l2";
        const hullft::StoreManifest read =
            hullft::storeManifestFromJson(hullft::storeManifestToJson(manifest), "l2 test");
        hullft::ui::SupportSetModel model;
        model.setScoreMetric(QString::fromStdString(read.metric));
        const auto header = [&model](int role) {
            return model.headerData(hullft::ui::SupportSetModel::Score, Qt::Horizontal, role).toString();
        };
        QCOMPARE(header(Qt::DisplayRole), QStringLiteral("Squared L2"));
        QVERIFY2(header(Qt::ToolTipRole).contains(QStringLiteral("smaller is nearer")),
                 qPrintable(header(Qt::ToolTipRole)));
    }

    void provenance_names_package_path_and_part_data() {
        QTest::addColumn<QString>("package");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("expected");
        QTest::newRow("debian file") << "coreutils"
                                     << "/usr/share/doc/coreutils/README"
                                     << ""
                                     << "coreutils: /usr/share/doc/coreutils/README";
        QTest::newRow("pile shard line") << ""
                                         << "/data/pile/00.jsonl"
                                         << "line 12"
                                         << "/data/pile/00.jsonl (line 12)";
        QTest::newRow("package part") << "bible-kjv-text"
                                      << "/usr/share/bible-kjv/kjv.txt"
                                      << "Genesis 1"
                                      << "bible-kjv-text: /usr/share/bible-kjv/kjv.txt (Genesis 1)";
    }

    void provenance_names_package_path_and_part() {
        QFETCH(QString, package);
        QFETCH(QString, path);
        QFETCH(QString, part);
        QFETCH(QString, expected);
        QCOMPARE(hullft::ui::provenanceText(package, path, part), expected);
    }

    void store_summary_shows_embedder_metric_index_counts_and_size() {
        const hullft::StoreManifest manifest = hullft::Store::open(hashed_store_.toStdString()).manifest();
        StoreFolderDialog dialog(hashed_store_, StoreFolderDialog::Purpose::Inspect);
        dialog.show();
        QVERIFY(dialog.isUsable());
        QCOMPARE(labelText(dialog, "folderValue"), hashed_store_);
        QCOMPARE(labelText(dialog, "embedderValue"), kHashedIdentity);
        QCOMPARE(labelText(dialog, "dimensionValue"), QStringLiteral("64"));
        QCOMPARE(labelText(dialog, "metricValue"), QStringLiteral("inner product"));
        QCOMPARE(labelText(dialog, "indexValue"), QStringLiteral("flat (exact)"));
        QVERIFY(manifest.sequences > 12);
        QCOMPARE(labelText(dialog, "countsValue"),
                 QStringLiteral("12 documents, %1 sequences").arg(manifest.sequences));
        const QStringList domains = labelText(dialog, "domainsValue").split(QLatin1Char('\n'));
        QCOMPARE(domains.size(), 3);
        QCOMPARE(
            domains.value(0),
            QStringLiteral("alpha: 4 documents, %1 sequences").arg(manifest.domains.at("alpha").sequences));
        QVERIFY2(labelText(dialog, "sourcesValue").startsWith(QStringLiteral("corpus ")),
                 qPrintable(labelText(dialog, "sourcesValue")));
        QCOMPARE(manifest.sources.size(), size_t{1});
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("sourcesValue"))->toolTip(),
                 QString::fromStdString(manifest.sources.front()));
        QCOMPARE(labelText(dialog, "builtValue").left(10),
                 QString::fromStdString(manifest.built_at).left(10));
        QCOMPARE(labelText(dialog, "diskValue"), hullft::ui::byteSizeText(storeFileBytes(hashed_store_)));
        QCOMPARE(hullft::ui::folderDiskBytes(hashed_store_), storeFileBytes(hashed_store_));
        QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("errorValue")));
        QVERIFY(dialog.grab().save(hullft::testing::screenshotDir() + "/store_summary.png"));
    }

    void start_store_is_the_models_own_and_panel_says_so() {
        QCOMPARE(window_->storeDirectory(), pile_store_);
        QVERIFY(!window_->isStorePicked());
        // The rule first: a squeezed panel shows only the label's first line.
        QVERIFY2(text("datastoreLabel").startsWith(QStringLiteral("The model's own store: ") + pile_store_),
                 qPrintable(text("datastoreLabel")));
        QVERIFY(text("datastoreLabel").contains(QStringLiteral("inner product, flat index")));
        QVERIFY(child<QToolButton>("openStoreButton")->isEnabled());
        QVERIFY(child<QToolButton>("storeSummaryButton")->isEnabled());
    }

    void a_store_of_another_embedder_is_refused_with_why_at_load_and_at_run() {
        openStore(hashed_store_, [this](StoreFolderDialog& dialog) {
            QCOMPARE(labelText(dialog, "folderValue"), hashed_store_);
            QCOMPARE(labelText(dialog, "embedderValue"), kHashedIdentity);
            QCOMPARE(labelText(dialog, "metricValue"), QStringLiteral("inner product"));
        });
        QCOMPARE(window_->storeDirectory(), hashed_store_);
        QVERIFY(window_->isStorePicked());
        QCOMPARE(window_->recentStores().value(0), hashed_store_);
        QVERIFY(waitForLoad());
        // Core refuses the pair at load: the store's vectors are not this model's hidden states.
        QVERIFY2(load_error_.contains(kHashedIdentity), qPrintable(load_error_));
        QVERIFY(text("runStateLabel").startsWith(QStringLiteral("Failed")));
        QVERIFY(text("runStateLabel").contains(kHashedIdentity));

        child<QPlainTextEdit>("queryEdit")
            ->setPlainText(QStringLiteral("the gradient of the retrieval loss"));
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        QVERIFY(!window_->isRunning());
        QVERIFY2(text("runStateLabel").contains(QStringLiteral("cannot run the query")),
                 qPrintable(text("runStateLabel")));
        QVERIFY(text("runStateLabel").contains(kHashedIdentity));
        QVERIFY(window_->statusBar()->currentMessage().contains(kHashedIdentity));
    }

    void a_picked_store_is_queried_and_labels_scores_by_its_metric() {
        openStore(pile_store_, [](StoreFolderDialog& dialog) {
            QCOMPARE(labelText(dialog, "domainsValue").count(QLatin1Char('\n')), 2);
            QVERIFY(labelText(dialog, "domainsValue").contains(QStringLiteral("Pile-CC: 4 documents")));
        });
        QVERIFY(waitForLoad());
        QCOMPARE(load_error_, QString());
        QVERIFY(window_->isStorePicked());
        QVERIFY2(text("datastoreLabel")
                     .startsWith(QStringLiteral("Picked in File > Open store, until another is opened: ") +
                                 pile_store_),
                 qPrintable(text("datastoreLabel")));
        QCOMPARE(window_->recentStores(), (QStringList{pile_store_, hashed_store_}));

        child<QComboBox>("methodCombo")->setCurrentText(QStringLiteral("knn"));
        child<QSpinBox>("nSpin")->setValue(3);
        child<QSpinBox>("kSpin")->setValue(8);
        child<QSpinBox>("generateSpin")->setValue(0);
        child<QPlainTextEdit>("queryEdit")
            ->setPlainText(QString::fromStdString(store_fixtures::documentText(501, 300)));
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isRunning(), 60000);
        QCoreApplication::processEvents();
        QVERIFY2(text("runStateLabel").startsWith(QStringLiteral("Finished")),
                 qPrintable(text("runStateLabel")));

        const QAbstractItemModel* support = child<QTableView>("supportTable")->model();
        QCOMPARE(support->headerData(hullft::ui::SupportSetModel::Score, Qt::Horizontal).toString(),
                 QStringLiteral("Inner product"));
        QVERIFY(support->rowCount() > 0);
        const QString shard = QDir(dir_.filePath("imports/pile_shard.jsonl")).absolutePath();
        for (int row = 0; row < support->rowCount(); ++row) {
            const QString domain = support->index(row, hullft::ui::SupportSetModel::Domain).data().toString();
            const QString source = support->index(row, hullft::ui::SupportSetModel::Source).data().toString();
            QVERIFY2(QStringList({"Pile-CC", "Github", "ArXiv"}).contains(domain), qPrintable(domain));
            QVERIFY2(
                QRegularExpression(QRegularExpression::escape(shard) + QStringLiteral(" \\(line \\d+\\)"))
                    .match(source)
                    .hasMatch(),
                qPrintable(source));
            QVERIFY(support->index(row, hullft::ui::SupportSetModel::Score).data().toString() !=
                    QStringLiteral("–"));
        }
    }

    void store_summary_button_shows_the_store_in_use_and_screenshot() {
        // Laptop size: at 1280 x 800 the query panel's rows are already squeezed below their height.
        window_->resize(1440, 900);
        QCoreApplication::processEvents();
        QPixmap window_shot;
        QPixmap summary_shot;
        answerModal<StoreFolderDialog>(
            window_.get(),
            [&](StoreFolderDialog& dialog) {
                QCOMPARE(labelText(dialog, "folderValue"), pile_store_);
                QVERIFY(labelText(dialog, "embedderValue").startsWith(QStringLiteral("lm-")));
                QCOMPARE(labelText(dialog, "metricValue"), QStringLiteral("inner product"));
                QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok));
                window_shot = window_->grab();
                summary_shot = dialog.grab();
            },
            QDialogButtonBox::Close);
        QTest::mouseClick(child<QToolButton>("storeSummaryButton"), Qt::LeftButton);
        QVERIFY(!summary_shot.isNull());
        // The summary over the window's bottom right, leaving the query panel's Datastore line and
        // the support table's score column in view.
        QPainter painter(&window_shot);
        painter.drawPixmap(window_shot.width() - summary_shot.width() - 12,
                           window_shot.height() - summary_shot.height() - 30, summary_shot);
        painter.end();
        QVERIFY(window_shot.save(hullft::testing::screenshotDir() + "/store_opened_with_summary.png"));
    }

    void a_replayed_session_does_not_claim_the_stores_metric() {
        const QString session = window_->shownSession();
        QVERIFY(QFileInfo::exists(session));
        window_->openSession(session);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isRunning(), 30000);
        QCoreApplication::processEvents();
        const QAbstractItemModel* support = child<QTableView>("supportTable")->model();
        QVERIFY(support->rowCount() > 0);
        // The session records no metric, and the store loaded now need not be the one it queried.
        QCOMPARE(support->headerData(hullft::ui::SupportSetModel::Score, Qt::Horizontal).toString(),
                 QStringLiteral("Retrieval score"));
    }

    void folders_without_a_usable_store_are_refused_and_the_store_in_use_stays_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("named");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no store") << no_store_ << no_store_ << "no datastore here";
        QTest::newRow("corrupt manifest") << corrupt_store_ << corrupt_store_ + "/store.sqlite"
                                          << "cosine";
    }

    void folders_without_a_usable_store_are_refused_and_the_store_in_use_stays() {
        QFETCH(QString, folder);
        QFETCH(QString, named);
        QFETCH(QString, problem);
        const QStringList recent = window_->recentStores();
        openStore(folder, [&](StoreFolderDialog& dialog) {
            QVERIFY(!dialog.isUsable());
            const QString error = labelText(dialog, "errorValue");
            QVERIFY2(error.contains(named) && error.contains(problem), qPrintable(error));
            QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
            QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("metricValue")));
        });
        QCOMPARE(window_->storeDirectory(), pile_store_);
        QVERIFY(window_->isStorePicked());
        QCOMPARE(window_->recentStores(), recent);
        QVERIFY(backend_->isLoaded());
        QVERIFY(child<QPushButton>("runButton")->isEnabled());
        QVERIFY2(window_->statusBar()->currentMessage().contains(problem),
                 qPrintable(window_->statusBar()->currentMessage()));
        QVERIFY(window_->statusBar()->currentMessage().contains(pile_store_));
    }

    void opening_a_model_goes_back_to_its_own_store() {
        bool shown = false;
        answerModal<hullft::ui::ModelFolderDialog>(
            window_.get(), [&shown](hullft::ui::ModelFolderDialog&) { shown = true; }, QDialogButtonBox::Ok);
        window_->setModelLoader([this](const QString&) { return hashed_store_; },
                                [](const QString&, const QString&, const QString&) {});
        window_->openModel(kDefaultModel);
        QVERIFY(shown);
        QCOMPARE(window_->storeDirectory(), hashed_store_);
        QVERIFY(!window_->isStorePicked());
        QVERIFY(text("datastoreLabel").startsWith(QStringLiteral("The model's own store: ")));
    }

    void recent_stores_are_remembered_by_the_next_window() {
        const QStringList expected = {pile_store_, hashed_store_};
        window_.reset();
        backend_.reset();
        createWindow();
        QCOMPARE(window_->recentStores(), expected);
        auto* menu = child<QMenu>("recentStoresMenu");
        QVERIFY(menu->isEnabled());
        QStringList shown;
        for (const QAction* action : menu->actions()) shown << action->toolTip();
        QCOMPARE(shown, expected);

        QVERIFY(QDir(hashed_store_).removeRecursively());  // a store that is gone is not offered
        QCOMPARE(window_->recentStores(), QStringList{pile_store_});
    }

    // Its queries are embedded by the folder the store names; the LM still scores and finetunes.
    void a_store_of_a_hugging_face_embedder_is_queried_with_its_folder() {
        const QString folder = QStringLiteral(HULLFT_SOURCE_DIR "/tests/data/model/encoders/st_mean");
        const QString store = dir_.filePath("stores/encoder");
        buildEncoderStore(dir_.filePath("imports/pile_shard.jsonl"), folder, store);
        openStore(
            store,
            [](StoreFolderDialog& dialog) {
                QVERIFY(hullft::ui::needsEmbedderFolder(dialog.embedderIdentity()));
                QVERIFY(labelText(dialog, "embedderValue").startsWith(QStringLiteral("hf-")));
            },
            QDialogButtonBox::Ok, folder);
        QVERIFY(waitForLoad());
        QCOMPARE(load_error_, QString());
        QVERIFY2(text("datastoreLabel").contains(QStringLiteral("queries embedded by ") + folder),
                 qPrintable(text("datastoreLabel")));
        child<QComboBox>("methodCombo")->setCurrentText(QStringLiteral("knn"));
        child<QPlainTextEdit>("queryEdit")
            ->setPlainText(QString::fromStdString(store_fixtures::documentText(502, 300)));
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isRunning(), 60000);
        QCoreApplication::processEvents();
        QVERIFY2(text("runStateLabel").startsWith(QStringLiteral("Finished")), qPrintable(text("runStateLabel")));
        QVERIFY(child<QTableView>("supportTable")->model()->rowCount() > 0);
    }
};

QTEST_MAIN(GuiStorePickerTest)
#include "gui_store_picker_test.moc"
