#pragma once

// Synthetic documents for datastore tests: deterministic, varied wording, several domains.
#include <QDir>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "corpus/document.h"
#include "corpus/document_jsonl.h"

namespace store_fixtures {

inline std::string sentence(std::mt19937_64& random) {
    static const char* const kWords[] = {"gradient", "model",  "corpus", "vector", "retrieval", "query",  "bible",   "verse",
                                         "kernel",   "python", "header", "licence", "manual",   "fortune", "dictionary", "entry",
                                         "loss",     "adam",   "step",   "token",  "sequence",  "store",  "index",   "search"};
    std::string text;
    const int words = 6 + static_cast<int>(random() % 10);
    for (int i = 0; i < words; ++i) text += std::string(i ? " " : "") + kWords[random() % (sizeof kWords / sizeof *kWords)];
    return text + ".\n";
}

inline std::string documentText(uint64_t seed, int bytes) {
    std::mt19937_64 random(seed);
    std::string text;
    while (static_cast<int>(text.size()) < bytes) text += (random() % 5 == 0 ? "\n" : "") + sentence(random);
    return text;
}

// A corpus folder as `hullft corpus build` writes it: train.jsonl, test.jsonl, manifest.json.
inline void writeCorpus(const QString& directory, int documents, int bytesPerDocument) {
    QDir().mkpath(directory);
    std::string train;
    const char* const kDomains[] = {"alpha", "beta", "gamma"};
    for (int i = 0; i < documents; ++i) {
        hullft::Document d;
        d.domain = kDomains[i % 3];
        d.package = "pkg-" + d.domain;
        d.package_version = "1.0";
        d.path = "/usr/share/" + d.domain + "/" + std::to_string(i);
        d.licence = "CC0";
        d.id = hullft::documentId(d.package, d.path, d.part);
        d.text = documentText(static_cast<uint64_t>(i), bytesPerDocument);
        d.sha256 = hullft::sha256Hex(d.text);
        train += hullft::documentToJsonLine(d);
    }
    const std::string dir = directory.toStdString();
    std::ofstream(dir + "/train.jsonl", std::ios::binary) << train;
    std::ofstream(dir + "/test.jsonl", std::ios::binary) << "";
    std::ofstream(dir + "/manifest.json") << nlohmann::json{{"recipe", "synthetic"}, {"recipe_sha256", std::string(64, 'a')},
                                                             {"train_sha256", hullft::sha256Hex(train)},
                                                             {"test_sha256", hullft::sha256Hex("")}}.dump();
}

// The first column of `sql`'s rows in STORE/store.sqlite, as text.
inline std::vector<std::string> column(const QString& store, const std::string& sql) {
    hullft::SqliteDatabase db((store + "/store.sqlite").toStdString(), hullft::SqliteDatabase::Mode::ReadOnly);
    hullft::SqliteStatement select = db.prepare(sql);
    std::vector<std::string> values;
    while (select.step()) values.emplace_back(select.text(0));
    return values;
}

}  // namespace store_fixtures
