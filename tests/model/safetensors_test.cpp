#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

namespace {

std::string littleEndian64(uint64_t value) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i, value >>= 8) bytes[i] = static_cast<char>(value & 0xff);
    return bytes;
}

// A safetensors file from a header text and a data region of `dataBytes` zero bytes.
std::string fileWith(const std::string& header, size_t dataBytes) {
    return littleEndian64(header.size()) + header + std::string(dataBytes, '\0');
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

class SafetensorsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    std::string path(const std::string& name) const { return dir_.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void round_trip_keeps_every_dtype_and_value() {
        torch::manual_seed(1);
        const torch::Tensor f32 = torch::randn({3, 5});
        const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
            {"f32", f32},
            {"f16", torch::randn({4, 2}).to(torch::kFloat16)},
            {"bf16", torch::randn({7}).to(torch::kBFloat16)},
            {"f64", torch::randn({2, 2}, torch::kFloat64)},
            {"i64", torch::arange(-5, 5, torch::kLong)},
            {"i32", torch::arange(0, 6, torch::kInt).view({2, 3})},
            {"scalar", torch::tensor(2.5f)},
            {"empty", torch::zeros({0, 4})},
        };
        const std::string file = path("round_trip.safetensors");
        hullft::writeSafetensors(file, tensors);
        const hullft::NamedTensors stored = hullft::readSafetensors(file, std::nullopt);
        QCOMPARE(stored.size(), tensors.size());
        for (const auto& [name, tensor] : tensors) {
            const torch::Tensor& back = stored.at(name);
            QVERIFY2(back.scalar_type() == tensor.scalar_type(), name.c_str());
            QVERIFY2(back.sizes() == tensor.sizes(), name.c_str());
            QVERIFY2(torch::equal(back, tensor), name.c_str());
        }
        // The default read converts floating tensors to float32 and leaves integers alone.
        const hullft::NamedTensors asFloat = hullft::readSafetensors(file);
        QVERIFY(asFloat.at("bf16").scalar_type() == torch::kFloat32);
        QVERIFY(torch::equal(asFloat.at("bf16"), tensors[2].second.to(torch::kFloat32)));
        QVERIFY(torch::equal(asFloat.at("f16"), tensors[1].second.to(torch::kFloat32)));
        QVERIFY(asFloat.at("i64").scalar_type() == torch::kLong);
    }

    void writer_leaves_no_temporary_file() {
        QTemporaryDir folder;
        hullft::writeSafetensors(folder.filePath("only.safetensors").toStdString(), {{"x", torch::ones({2})}});
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"only.safetensors"});
    }

    void sharded_checkpoint_reads_every_shard() {
        QTemporaryDir folder;
        const std::string base = folder.path().toStdString() + "/";
        const torch::Tensor a = torch::randn({4, 3});
        const torch::Tensor b = torch::randn({5});
        const torch::Tensor c = torch::randn({2, 2}).to(torch::kBFloat16);
        hullft::writeSafetensors(base + "model-00001-of-00002.safetensors", {{"a", a}, {"b", b}});
        hullft::writeSafetensors(base + "model-00002-of-00002.safetensors", {{"c", c}});
        writeBytes(base + "model.safetensors.index.json",
                   R"({"metadata": {"total_size": 84}, "weight_map": {"a": "model-00001-of-00002.safetensors",
                       "b": "model-00001-of-00002.safetensors", "c": "model-00002-of-00002.safetensors"}})");
        const hullft::NamedTensors tensors = hullft::readModelTensors(folder.path().toStdString());
        QCOMPARE(tensors.size(), size_t(3));
        QVERIFY(torch::equal(tensors.at("a"), a));
        QVERIFY(torch::equal(tensors.at("b"), b));
        QVERIFY(torch::equal(tensors.at("c"), c.to(torch::kFloat32)));
    }

    void shard_index_that_disagrees_with_shards_is_rejected_data() {
        QTest::addColumn<QString>("index");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tensor missing from its shard")
            << R"({"weight_map": {"a": "s1.safetensors", "zz": "s1.safetensors"}})" << "tensor 'zz' listed in the index is missing";
        QTest::newRow("tensor not listed")
            << R"({"weight_map": {"a": "s1.safetensors"}})" << "tensor 'b' is not listed for this shard";
        QTest::newRow("shard path escapes the folder")
            << R"({"weight_map": {"a": "../s1.safetensors"}})" << "not a plain file name";
        QTest::newRow("no weight_map") << R"({"metadata": {}})" << "no 'weight_map'";
        QTest::newRow("missing shard file") << R"({"weight_map": {"a": "nope.safetensors"}})" << "nope.safetensors";
    }
    void shard_index_that_disagrees_with_shards_is_rejected() {
        QFETCH(QString, index);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        const std::string base = folder.path().toStdString() + "/";
        hullft::writeSafetensors(base + "s1.safetensors", {{"a", torch::ones({2})}, {"b", torch::ones({1})}});
        writeBytes(base + "model.safetensors.index.json", index.toStdString());
        try {
            hullft::readModelTensors(folder.path().toStdString());
            QFAIL("no error");
        } catch (const hullft::InputError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(expected), e.what());
            QVERIFY2(message.contains(folder.path()), e.what());
        }
    }

    void folder_without_weights_is_rejected() {
        QTemporaryDir folder;
        QVERIFY_EXCEPTION_THROWN(hullft::readModelTensors(folder.path().toStdString()), hullft::InputError);
    }

    void corrupted_file_is_rejected_before_any_tensor_is_read_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string good = R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})";
        const auto row = [](const char* name, const std::string& bytes, const char* expected) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString(expected);
        };
        row("truncated data", fileWith(good, 20), "tensor 'w': data_offsets end 24 is past the data region");
        row("shorter than the length field", std::string(5, '\0'), "too short");
        row("header length over the limit", littleEndian64(200'000'000) + good, "exceeds the limit");
        row("header length past the file end", littleEndian64(5000) + good, "exceeds the file size");
        row("header JSON garbage", fileWith("{\"w\": [1, 2,,}", 0), "not valid JSON");
        row("header not an object", fileWith("[1, 2]", 0), "does not start with '{'");
        row("unknown dtype", fileWith(R"({"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})", 2),
            "tensor 'w': unsupported dtype 'F8_E4M3'");
        row("size differs from shape", fileWith(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 20),
            "tensor 'w': data_offsets span 20 bytes but dtype and shape need 24");
        row("overlapping tensors",
            fileWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12),
            "tensor 'b' overlaps tensor 'a'");
        row("gap between tensors",
            fileWith(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})", 20),
            "tensor 'b': gap of 4 bytes");
        row("bytes after the last tensor", fileWith(good, 30), "6 bytes after the last tensor");
        row("missing data_offsets", fileWith(R"({"w":{"dtype":"F32","shape":[2]}})", 8), "tensor 'w': missing 'data_offsets'");
        row("negative dimension", fileWith(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8),
            "tensor 'w': shape entry is not a non-negative integer");
        row("end before begin", fileWith(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8),
            "tensor 'w': data_offsets end is before begin");
        row("metadata not strings", fileWith(R"({"__metadata__":{"format":1}})", 0), "__metadata__ entry 'format'");
    }
    void corrupted_file_is_rejected_before_any_tensor_is_read() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string file = path("corrupt.safetensors");
        writeBytes(file, bytes.toStdString());
        try {
            hullft::readSafetensors(file);
            QFAIL("no error");
        } catch (const hullft::InputError& e) {
            QCOMPARE(QString::fromStdString(e.source()), QString::fromStdString(file));
            QVERIFY2(QString::fromStdString(e.problem()).contains(expected), e.what());
        }
    }

    void missing_file_is_an_input_error_naming_it() {
        const std::string file = path("absent.safetensors");
        try {
            hullft::readSafetensors(file);
            QFAIL("no error");
        } catch (const hullft::InputError& e) {
            QCOMPARE(QString::fromStdString(e.source()), QString::fromStdString(file));
        }
    }
};

QTEST_GUILESS_MAIN(SafetensorsTest)
#include "safetensors_test.moc"

