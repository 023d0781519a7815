#pragma once

#include <string>
#include <vector>

namespace hullft {

// How a source's files become plain UTF-8 text (corpus/text_extractor.h does the work).
enum class ExtractorKind { Plain, Gzip, Info, Dictd, Fortune, Man, Pod, Html, Bible };

ExtractorKind extractorKindFromName(const std::string& name);  // std::invalid_argument if unknown

// One set of files of a domain: which Debian packages provide them, which files, how to read them.
struct CorpusSource {
    std::vector<std::string> packages;  // to install; a document's own package is its file's owner
    std::vector<std::string> files;     // fnmatch patterns over absolute paths ('*' crosses '/')
    std::vector<std::string> exclude;   // fnmatch patterns removed from `files`
    ExtractorKind extractor = ExtractorKind::Plain;
    std::string licence;                // may say "{package}": replaced by the owning package
    std::string range;                  // Bible extractor: the passage range passed to `bible -f`
};

// A Pile-like domain: the documents of its sources, capped at `max_mb` of text.
struct CorpusDomain {
    std::string name;
    std::string pile_analogue;
    std::vector<CorpusSource> sources;
    bool optional = false;  // large download: only built when its packages are installed
    double max_mb = 0.0;    // 0 = the recipe's default
};

struct CorpusRecipe {
    std::string name;
    std::string path;
    std::string sha256;          // of the recipe file's bytes: the "recipe hash" of manifests
    double max_mb_per_domain = 2.0;
    double test_fraction = 0.02;  // held-out documents per domain, chosen by id hash
    size_t group_bytes = 4096;    // small records (dictionary entries, fortunes) grouped to this size
    size_t max_document_bytes = 65536;  // longer texts are cut at a line end (huge changelogs)
    // A domain whose held-out split is smaller than this when it reaches its cap reads on,
    // sending the documents past the cap (never in train) to the held-out split until it has
    // this many or its files run out: a benchmark needs queries from every domain.
    size_t min_test_documents = 0;
    std::vector<CorpusDomain> domains;
};

// Reads and validates a recipe; InputError names the file and the offending field.
CorpusRecipe loadCorpusRecipe(const std::string& path);

}  // namespace hullft
