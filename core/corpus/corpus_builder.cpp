#include "corpus/corpus_builder.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "corpus/corpus_manifest.h"
#include "corpus/document.h"
#include "corpus/document_jsonl.h"
#include "corpus/document_text.h"
#include "corpus/file_selection.h"
#include "corpus/package_index.h"
#include "corpus/recipe.h"
#include "corpus/text_extractor.h"
#include "events/progress_meter.h"

namespace hullft {
namespace {

struct SelectedFile {
    std::string path;
    const CorpusSource* source;
};

// Files of all sources in a fixed pseudo-random order (by path hash), so that a capped domain
// samples its files evenly instead of taking the alphabetically first ones. A source that names
// packages takes only the files those packages own: what else is installed differs from machine
// to machine, the named packages' files do not.
std::vector<SelectedFile> domainFiles(const CorpusDomain& domain, const PackageIndex& packages) {
    std::vector<SelectedFile> files;
    for (const CorpusSource& source : domain.sources)
        for (std::string& path : selectFiles(source.files, source.exclude)) {
            const std::vector<std::string>& named = source.packages;
            if (!named.empty() && std::find(named.begin(), named.end(), packages.ownerOf(path)) == named.end()) continue;
            files.push_back({std::move(path), &source});
        }
    std::stable_sort(files.begin(), files.end(), [](const SelectedFile& a, const SelectedFile& b) {
        return sha256Prefix64(a.path) < sha256Prefix64(b.path);
    });
    return files;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::vector<std::string> missingPackages(const CorpusDomain& domain, const PackageIndex& packages) {
    std::vector<std::string> missing;
    for (const CorpusSource& source : domain.sources)
        for (const std::string& package : source.packages)
            if (!packages.installed(package) && std::find(missing.begin(), missing.end(), package) == missing.end())
                missing.push_back(package);
    return missing;
}

// Collects one domain's documents into the train/test outputs, up to `capBytes` of text.
class DomainCollector {
public:
    DomainCollector(const CorpusDomain& domain, const CorpusRecipe& recipe, const PackageIndex& packages,
                    std::set<std::string>& seenTexts, std::string& train, std::string& test)
        : domain_(domain), recipe_(recipe), packages_(packages), seenTexts_(seenTexts), train_(train), test_(test) {}

    DomainReport collect(size_t capBytes, PipelineObserver* observer, const CancellationToken* cancel) {
        report_.name = domain_.name;
        ProgressMeter meter(observer, "corpus: " + domain_.name, static_cast<int64_t>(capBytes));
        const std::vector<SelectedFile> files = domainFiles(domain_, packages_);
        // Extraction (for manuals and perl docs an external program per file) runs ahead on
        // other threads; files are still added one by one in order, so the corpus is exactly
        // what a sequential build writes. Extractions started past the cap are discarded.
        const size_t ahead = std::max(2u, std::thread::hardware_concurrency());
        std::deque<std::future<std::vector<ExtractedPart>>> extracting;
        for (size_t next = 0, index = 0; index < files.size(); ++index) {
            if (cancel) cancel->throwIfCancelled();
            if (collected() >= capBytes && !wantsMoreTest()) break;
            for (; next < files.size() && next < index + ahead; ++next)
                extracting.push_back(std::async(std::launch::async, [this, file = files[next]] {
                    return extractText(*file.source, file.path, recipe_.group_bytes);
                }));
            std::future<std::vector<ExtractedPart>> extracted = std::move(extracting.front());
            extracting.pop_front();
            ++report_.files;
            try {
                addFile(files[index], extracted.get(), capBytes);
            } catch (const Error& e) {
                if (report_.failed_files++ == 0) report_.first_failure = e.what();
            }
            meter.report(static_cast<int64_t>(std::min(collected(), capBytes)));
        }
        meter.finish();
        return report_;
    }

private:
    size_t collected() const { return static_cast<size_t>(report_.bytes_train + report_.bytes_test); }
    bool wantsMoreTest() const { return static_cast<size_t>(report_.documents_test) < recipe_.min_test_documents; }

    void addFile(const SelectedFile& file, std::vector<ExtractedPart> parts, size_t capBytes) {
        std::string package = packages_.ownerOf(file.path);
        if (package.empty() && file.source->packages.size() == 1) package = file.source->packages.front();
        // Parts in id-hash order too: a capped single-file domain (a dictionary) is sampled evenly.
        std::vector<std::pair<std::string, ExtractedPart*>> ordered;
        for (ExtractedPart& part : parts) ordered.emplace_back(documentId(package, file.path, part.part), &part);
        std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [id, part] : ordered) {
            const bool pastCap = collected() >= capBytes;
            if (pastCap && !wantsMoreTest()) break;
            addPart(id, package, file, *part, pastCap);
        }
    }

    // One domain must not be a handful of huge files: keep the first max_document_bytes.
    void truncateAtLineEnd(std::string& bytes) {
        if (bytes.size() <= recipe_.max_document_bytes) return;
        const size_t lineEnd = bytes.rfind('\n', recipe_.max_document_bytes - 1);
        bytes.resize(lineEnd == std::string::npos ? utf8PrefixLength(bytes, recipe_.max_document_bytes) : lineEnd + 1);
        ++report_.truncated;
    }

    // `pastCap`: the domain already holds its cap, so the document can only be held out; it
    // never enters train, hence no store and no pretraining built from this corpus.
    void addPart(const std::string& id, const std::string& package, const SelectedFile& file, ExtractedPart& part,
                 bool pastCap) {
        truncateAtLineEnd(part.bytes);
        CheckedText checked = checkDocumentText(part.bytes);
        part.bytes.clear();
        if (checked.verdict == TextVerdict::Empty) return void(++report_.empty);
        if (checked.verdict == TextVerdict::Binary) return void(++report_.binary);
        report_.repaired += checked.verdict == TextVerdict::Repaired;
        Document document;
        document.sha256 = sha256Hex(checked.text);
        if (!seenTexts_.insert(document.sha256).second || !seenIds_.insert(id).second) return void(++report_.duplicates);
        report_.giant_lines += static_cast<int64_t>(checked.giant_lines);
        document.id = id;
        document.domain = domain_.name;
        document.package = package;
        document.package_version = packages_.versionOf(package);
        document.path = file.path;
        document.part = part.part;
        document.licence = replaceAll(file.source->licence, "{package}", package.empty() ? "unknown" : package);
        document.text = std::move(checked.text);
        if (!package.empty()) report_.packages[package] = document.package_version;
        const bool heldOut = pastCap || isHeldOut(document.id, recipe_.test_fraction);
        report_.documents_test_past_cap += pastCap;
        (heldOut ? report_.bytes_test : report_.bytes_train) += static_cast<int64_t>(document.text.size());
        ++(heldOut ? report_.documents_test : report_.documents_train);
        (heldOut ? test_ : train_) += documentToJsonLine(document);
    }

    const CorpusDomain& domain_;
    const CorpusRecipe& recipe_;
    const PackageIndex& packages_;
    std::set<std::string>& seenTexts_;
    std::set<std::string> seenIds_;
    std::string& train_;
    std::string& test_;
    DomainReport report_;
};

}  // namespace

CorpusReport buildCorpus(const CorpusBuildOptions& options, PipelineObserver* observer, const CancellationToken* cancel) {
    const auto start = std::chrono::steady_clock::now();
    const CorpusRecipe recipe = loadCorpusRecipe(options.recipe_path);
    const PackageIndex packages(options.dpkg_dir);
    CorpusReport report{recipe.name, recipe.sha256, {}, 0.0};
    for (const CorpusDomain& domain : recipe.domains) {
        const std::vector<std::string> missing = missingPackages(domain, packages);
        if (!missing.empty() && !domain.optional) {
            std::string list;
            for (const std::string& package : missing) list += " " + package;
            throw InputError(options.recipe_path, "domain '" + domain.name + "' needs Debian packages that are not installed:" +
                                                      list + " (run .ci/setup.sh or apt-get install" + list + ")");
        }
    }
    std::set<std::string> seenTexts;
    std::string train, test;
    for (const CorpusDomain& domain : recipe.domains) {
        const std::vector<std::string> missing = missingPackages(domain, packages);
        if (!missing.empty()) {
            DomainReport skipped;
            skipped.name = domain.name;
            skipped.skipped = "optional; not installed: " + missing.front();
            report.domains.push_back(skipped);
            continue;
        }
        const double mb = options.max_mb_per_domain > 0 ? options.max_mb_per_domain
                          : domain.max_mb > 0          ? domain.max_mb
                                                       : recipe.max_mb_per_domain;
        DomainCollector collector(domain, recipe, packages, seenTexts, train, test);
        report.domains.push_back(collector.collect(static_cast<size_t>(mb * 1e6), observer, cancel));
    }
    std::filesystem::create_directories(options.out_dir);
    writeFileAtomically(options.out_dir + "/train.jsonl", train);
    writeFileAtomically(options.out_dir + "/test.jsonl", test);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json manifest = corpusReportToJson(report);
    manifest["train_sha256"] = sha256Hex(train);
    manifest["test_sha256"] = sha256Hex(test);
    writeFileAtomically(options.out_dir + "/manifest.json", manifest.dump(2) + "\n");
    return report;
}

}  // namespace hullft
