#include "datastore/document_source.h"

#include <algorithm>
#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "corpus/corpus_manifest.h"
#include "corpus/document_jsonl.h"
#include "corpus/document_text.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> textFiles(const std::string& folder) {
    if (!fs::is_directory(folder)) throw InputError(folder, "not a folder");
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied)) {
        const std::string extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".txt" || extension == ".md")) files.push_back(entry.path());
    }
    if (files.empty()) throw InputError(folder, "holds no .txt or .md file");
    std::sort(files.begin(), files.end());
    return files;
}

std::string folderDomain(const DocumentSource& source) {
    if (!source.domain.empty()) return source.domain;
    return fs::absolute(source.path).lexically_normal().filename().string();
}

void readTextFolder(const DocumentSource& source, const std::function<void(Document&&)>& sink,
                    std::vector<std::string>& issues) {
    const std::string domain = folderDomain(source);
    for (const fs::path& file : textFiles(source.path)) {
        const std::string path = fs::absolute(file).lexically_normal().string();
        CheckedText checked = checkDocumentText(readFileBytes(path));
        if (checked.verdict == TextVerdict::Binary || checked.verdict == TextVerdict::Empty) {
            issues.push_back(path + ": " + (checked.verdict == TextVerdict::Binary ? "binary file skipped" : "empty file skipped"));
            continue;
        }
        if (checked.verdict == TextVerdict::Repaired)
            issues.push_back(path + ": invalid UTF-8 repaired (" + std::to_string(checked.replaced) + " replacements)");
        if (checked.giant_lines > 0)
            issues.push_back(path + ": " + std::to_string(checked.giant_lines) + " lines over " + std::to_string(kGiantLineBytes) +
                             " bytes, split inside the line");
        Document document;
        document.id = documentId("", path, "");
        document.domain = domain;
        document.path = path;
        document.licence = source.licence.empty() ? "unknown" : source.licence;
        document.text = std::move(checked.text);
        document.sha256 = sha256Hex(document.text);
        sink(std::move(document));
    }
}

}  // namespace

std::string describeSource(const DocumentSource& source) {
    switch (source.kind) {
    case DocumentSource::Kind::Corpus: {
        const CorpusManifest manifest = readCorpusManifest(source.path);
        return "corpus " + manifest.recipe_name + " sha256:" + manifest.train_sha256;
    }
    case DocumentSource::Kind::Jsonl:
        return "jsonl " + fs::absolute(source.path).lexically_normal().string() + " sha256:" + sha256Hex(readFileBytes(source.path)) +
               " domain:" + source.domain + " licence:" + source.licence;
    case DocumentSource::Kind::TextFolder: {
        Sha256 hash;
        for (const fs::path& file : textFiles(source.path)) hash.update(file.string() + "\n" + sha256Hex(readFileBytes(file.string())) + "\n");
        return "folder " + fs::absolute(source.path).lexically_normal().string() + " sha256:" + hash.finishHex() +
               " domain:" + folderDomain(source) + " licence:" + source.licence;
    }
    }
    return "";
}

std::string readDocumentSource(const DocumentSource& source, const std::function<void(Document&&)>& sink,
                               std::vector<std::string>& issues) {
    std::vector<JsonlIssue> lineIssues;
    std::string file = source.path;
    std::string recipeHash;
    if (source.kind == DocumentSource::Kind::TextFolder) {
        readTextFolder(source, sink, issues);
        return recipeHash;
    }
    if (source.kind == DocumentSource::Kind::Corpus) {
        const CorpusManifest manifest = readCorpusManifest(source.path);
        file = manifest.trainPath();
        if (sha256Hex(readFileBytes(file)) != manifest.train_sha256)
            throw InputError(file, "does not match the corpus manifest (an interrupted `hullft corpus build`?): build the corpus again");
        recipeHash = manifest.recipe_sha256;
    }
    const std::string defaultDomain = source.domain.empty() ? "jsonl" : source.domain;
    readDocumentsJsonl(file, defaultDomain, [&](Document&& document) {
        if (!source.licence.empty() && document.licence == "unknown") document.licence = source.licence;
        sink(std::move(document));
    }, lineIssues);
    for (const JsonlIssue& issue : lineIssues) issues.push_back(file + ":" + std::to_string(issue.line) + ": " + issue.problem);
    return recipeHash;
}

}  // namespace hullft
