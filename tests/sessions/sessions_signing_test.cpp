#include <sys/stat.h>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "chain_signature.h"
#include "common/ed25519_key.h"
#include "common/errors.h"
#include "session_fixtures.h"
#include "html_export.h"
#include "json_export.h"
#include "session_reader.h"
#include "session_summary.h"
#include "session_tampering.h"

using namespace hullft;
using namespace hullft::sessions;
using namespace hullft::sessions::testing;

// Signing the chain head: a session recorded with a key verifies against its public key only
// when nothing was cut, changed or re-signed since it closed. Truncation with a recomputed chain
// (which the hash chain alone cannot see), an edited signature, another key, no signature and a
// killed recording are each told apart.
class SessionsSigningTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string key_, other_key_, signed_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

    RecorderOptions signingWith(const std::string& key) const {
        RecorderOptions options;
        options.signing_key = std::make_shared<const Ed25519PrivateKey>(Ed25519PrivateKey::load(key));
        return options;
    }

    std::string copyOfSigned(const char* name) const {
        const std::string copy = path(name);
        QFile::remove(QString::fromStdString(copy));
        if (!QFile::copy(QString::fromStdString(signed_), QString::fromStdString(copy))) qFatal("cannot copy");
        return copy;
    }

    static SignatureCheck checkWith(const std::string& session, const std::string& publicKey) {
        const SessionReader reader(session);
        const VerifyResult chain = reader.verify();
        if (!chain.ok()) qFatal("the chain should verify: %s", chain.message.c_str());
        return checkChainSignature(reader.chainSignature(), chain, Ed25519PublicKey::load(publicKey));
    }

    static int mode(const std::string& file) {
        struct stat status {};
        ::stat(file.c_str(), &status);
        return static_cast<int>(status.st_mode & 0777);
    }

    // Cuts the session after record 30 and recomputes the chain head, as someone who knows the
    // format would: the hash chain alone then verifies.
    static const QString& truncateWithRecomputedHead() {
        static const QString sql = kDropGuards +
                                   "DELETE FROM records WHERE seq > 30; "
                                   "UPDATE chain_head SET record_count = 30, head_hash = "
                                   "(SELECT hash FROM records WHERE seq = 30);";
        return sql;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        key_ = path("signing.key");
        other_key_ = path("other.key");
        generateEd25519KeyPair(key_, key_ + ".pub");
        generateEd25519KeyPair(other_key_, other_key_ + ".pub");
        signed_ = path("signed.hullft");
        recordSession(signed_, realisticQuery({}), signingWith(key_));
    }

    void a_new_private_key_is_readable_by_its_owner_alone() {
        QCOMPARE(mode(key_), 0600);
        QCOMPARE(mode(key_ + ".pub"), 0644);
        QCOMPARE(Ed25519PrivateKey::load(key_).publicKeyFingerprint(), Ed25519PublicKey::load(key_ + ".pub").fingerprint());
        QVERIFY(Ed25519PublicKey::load(key_ + ".pub").fingerprint() !=
                Ed25519PublicKey::load(other_key_ + ".pub").fingerprint());
        QVERIFY(Ed25519PublicKey::load(key_ + ".pub").fingerprint().rfind("SHA256:", 0) == 0);
    }

    void a_private_key_others_can_read_is_refused() {
        const std::string shared = path("shared.key");
        QVERIFY(QFile::copy(QString::fromStdString(key_), QString::fromStdString(shared)));
        ::chmod(shared.c_str(), 0640);
        try {
            Ed25519PrivateKey::load(shared);
            QFAIL("a group-readable private key was accepted");
        } catch (const InputError& e) {
            QCOMPARE(e.source(), shared);
            QVERIFY2(e.problem().find("readable by other users") != std::string::npos, e.what());
        }
    }

    void a_file_that_is_no_key_is_refused_naming_it_data() {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<bool>("asPrivate");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not PEM") << QByteArray("hello\n") << true << "not a PEM file holding an Ed25519 private key";
        QTest::newRow("a public key given as private") << QByteArray() << true << "not a PEM file";
        QTest::newRow("larger than any key") << QByteArray(kMaxKeyFileBytes + 1, 'k') << false << "bytes, more than";
        QTest::newRow("empty public key") << QByteArray("") << false << "not a PEM file holding an Ed25519 public key";
    }

    void a_file_that_is_no_key_is_refused_naming_it() {
        QFETCH(QByteArray, contents);
        QFETCH(bool, asPrivate);
        QFETCH(QString, problem);
        const std::string file = path("not-a-key");
        QFile::remove(QString::fromStdString(file));
        if (QByteArray(QTest::currentDataTag()) == "a public key given as private") {
            QVERIFY(QFile::copy(QString::fromStdString(key_ + ".pub"), QString::fromStdString(file)));
        } else {
            QFile out(QString::fromStdString(file));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(contents);
        }
        ::chmod(file.c_str(), 0600);
        try {
            if (asPrivate) Ed25519PrivateKey::load(file);
            else Ed25519PublicKey::load(file);
            QFAIL("accepted");
        } catch (const InputError& e) {
            QCOMPARE(e.source(), file);
            QVERIFY2(e.problem().find(problem.toStdString()) != std::string::npos, e.what());
        }
    }

    void a_signed_session_verifies_with_its_public_key() {
        const SessionReader reader(signed_);
        const VerifyResult chain = reader.verify();
        QVERIFY2(chain.ok(), chain.message.c_str());
        const std::optional<ChainSignature> signature = reader.chainSignature();
        QVERIFY(signature.has_value());
        QCOMPARE(signature->state, kSignedAtClose);
        QCOMPARE(signature->record_count, chain.record_count);
        QCOMPARE(signature->head_hash, chain.head_hash);
        const SignatureCheck check = checkWith(signed_, key_ + ".pub");
        QVERIFY2(check.ok(), check.message.c_str());
    }

    // Readers without a key see what the signature claims, marked unchecked.
    void show_and_the_exports_show_the_signature_unchecked() {
        const SessionReader reader(signed_);
        const std::string fingerprint = Ed25519PrivateKey::load(key_).publicKeyFingerprint();
        const nlohmann::json document = nlohmann::json::parse(exportJson(reader));
        QCOMPARE(document["signature"]["state"].get<std::string>(), kSignedAtClose);
        QCOMPARE(document["signature"]["key_fingerprint"].get<std::string>(), fingerprint);
        QCOMPARE(document["signature"]["checked"].get<bool>(), false);
        QVERIFY(exportHtml(reader).find("Signature: signed (closed) by " + fingerprint) != std::string::npos);
        QVERIFY(sessionSummary(reader).find("signature: signed (closed) by " + fingerprint) != std::string::npos);

        const std::string unsigned_session = path("unsigned-export.hullft");
        recordSession(unsigned_session, realisticQuery({}));
        const SessionReader unsigned_reader(unsigned_session);
        QVERIFY(nlohmann::json::parse(exportJson(unsigned_reader))["signature"].is_null());
        QVERIFY(sessionSummary(unsigned_reader).find("signature: not signed") != std::string::npos);
    }

    void an_unsigned_session_is_not_verified_against_a_key() {
        const std::string unsigned_session = path("unsigned.hullft");
        recordSession(unsigned_session, realisticQuery({}));
        QVERIFY(!SessionReader(unsigned_session).chainSignature().has_value());
        QCOMPARE(checkWith(unsigned_session, key_ + ".pub").verdict, SignatureVerdict::NotSigned);
    }

    void another_key_is_named() {
        const SignatureCheck check = checkWith(signed_, other_key_ + ".pub");
        QCOMPARE(check.verdict, SignatureVerdict::OtherKey);
        QVERIFY2(check.message.find(Ed25519PrivateKey::load(key_).publicKeyFingerprint()) != std::string::npos,
                 check.message.c_str());
    }

    void truncation_with_a_recomputed_chain_is_detected() {
        const std::string cut = copyOfSigned("cut.hullft");
        QCOMPARE(tamper(cut, truncateWithRecomputedHead()), QString());
        QCOMPARE(SessionReader(cut).verify().record_count, int64_t{30});
        const SignatureCheck check = checkWith(cut, key_ + ".pub");
        QCOMPARE(check.verdict, SignatureVerdict::HeadDiffers);
        QVERIFY2(check.message.find("signed at 43 records") != std::string::npos, check.message.c_str());
    }

    void a_signature_edited_to_match_a_cut_head_is_detected() {
        const std::string cut = copyOfSigned("cut-resigned.hullft");
        QCOMPARE(tamper(cut, truncateWithRecomputedHead() +
                                 "UPDATE chain_signature SET record_count = 30, head_hash = "
                                 "(SELECT head_hash FROM chain_head);"),
                 QString());
        QCOMPARE(checkWith(cut, key_ + ".pub").verdict, SignatureVerdict::BadSignature);
    }

    void a_signature_made_with_another_key_and_a_forged_fingerprint_is_detected() {
        const std::string forged = copyOfSigned("forged.hullft");
        const SessionReader reader(forged);
        const VerifyResult chain = reader.verify();
        ChainSignature signature =
            signChainHead(Ed25519PrivateKey::load(other_key_), kSignedAtClose, chain.record_count, chain.head_hash);
        signature.key_fingerprint = Ed25519PrivateKey::load(key_).publicKeyFingerprint();
        QCOMPARE(tamper(forged, QString("UPDATE chain_signature SET signature = '%1', key_fingerprint = '%2';")
                                    .arg(QString::fromStdString(signature.signature_hex),
                                         QString::fromStdString(signature.key_fingerprint))),
                 QString());
        QCOMPARE(checkWith(forged, key_ + ".pub").verdict, SignatureVerdict::BadSignature);
    }

    void a_killed_signed_recording_is_not_closed() {
        const QString session = dir_.filePath("killed-signed.hullft");
        QProcess writer;
        writer.start(QStringLiteral(HULLFT_CRASH_WRITER_PATH), {session, QString::fromStdString(key_)});
        int64_t committed = 0;
        while (committed < 20) {
            if (!writer.waitForReadyRead(30000)) QFAIL(writer.readAllStandardError().constData());
            while (writer.canReadLine()) committed = writer.readLine().trimmed().toLongLong();
        }
        writer.kill();  // SIGKILL: the closing signature is never made
        writer.waitForFinished();
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

        const SessionReader reader(session.toStdString());
        QCOMPARE(reader.chainSignature()->state, kSignedWhileRecording);
        const SignatureCheck check = checkWith(session.toStdString(), key_ + ".pub");
        QCOMPARE(check.verdict, SignatureVerdict::NotClosed);
        QVERIFY2(check.message.find("never closed") != std::string::npos, check.message.c_str());
    }
};

QTEST_APPLESS_MAIN(SessionsSigningTest)
#include "sessions_signing_test.moc"
