#include "corpus/recipe.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"

namespace hullft {
namespace {

using nlohmann::json;

const std::vector<std::pair<ExtractorKind, std::string>>& kindNames() {
    static const std::vector<std::pair<ExtractorKind, std::string>> names = {
        {ExtractorKind::Plain, "plain"}, {ExtractorKind::Gzip, "gzip"}, {ExtractorKind::Info, "info"}, {ExtractorKind::Dictd, "dictd"},
        {ExtractorKind::Fortune, "fortune"}, {ExtractorKind::Man, "man"}, {ExtractorKind::Pod, "pod2text"},
        {ExtractorKind::Html, "html"}, {ExtractorKind::Bible, "bible"}};
    return names;
}

// Reads recipe fields, naming the JSON path of any wrong one.
class FieldReader {
public:
    explicit FieldReader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
        throw InputError(file_, where + ": " + problem);
    }
    const json& require(const json& object, const std::string& key, const std::string& where) const {
        if (!object.is_object()) fail(where, "expected an object");
        if (!object.contains(key)) fail(where, "missing field '" + key + "'");
        return object.at(key);
    }
    std::string string(const json& value, const std::string& where) const {
        if (!value.is_string()) fail(where, "expected a string, got " + value.dump());
        return value.get<std::string>();
    }
    std::vector<std::string> strings(const json& value, const std::string& where, bool nonEmpty) const {
        if (!value.is_array()) fail(where, "expected an array of strings");
        std::vector<std::string> out;
        for (size_t i = 0; i < value.size(); ++i) out.push_back(string(value[i], where + "[" + std::to_string(i) + "]"));
        if (nonEmpty && out.empty()) fail(where, "must not be empty");
        return out;
    }
    double positive(const json& value, const std::string& where) const {
        if (!value.is_number() || value.get<double>() <= 0) fail(where, "expected a positive number, got " + value.dump());
        return value.get<double>();
    }

private:
    std::string file_;
};

CorpusSource readSource(const FieldReader& reader, const json& object, const std::string& where) {
    CorpusSource source;
    source.packages = reader.strings(reader.require(object, "packages", where), where + ".packages", false);
    source.files = reader.strings(reader.require(object, "files", where), where + ".files", true);
    if (object.contains("exclude")) source.exclude = reader.strings(object.at("exclude"), where + ".exclude", false);
    const std::string kind = reader.string(reader.require(object, "extractor", where), where + ".extractor");
    try {
        source.extractor = extractorKindFromName(kind);
    } catch (const std::invalid_argument& e) {
        reader.fail(where + ".extractor", e.what());
    }
    source.licence = reader.string(reader.require(object, "licence", where), where + ".licence");
    if (source.licence.empty()) reader.fail(where + ".licence", "must not be empty");
    if (object.contains("range")) source.range = reader.string(object.at("range"), where + ".range");
    if (source.extractor == ExtractorKind::Bible && source.range.empty())
        reader.fail(where + ".range", "the bible extractor needs a passage range such as \"Gen1:1-Rev22:21\"");
    return source;
}

CorpusDomain readDomain(const FieldReader& reader, const json& object, const std::string& where) {
    static const std::regex kName("[a-z0-9_]+");
    CorpusDomain domain;
    domain.name = reader.string(reader.require(object, "name", where), where + ".name");
    if (!std::regex_match(domain.name, kName))
        reader.fail(where + ".name", "'" + domain.name + "' must use only a-z, 0-9 and _");
    if (object.contains("pile_analogue")) domain.pile_analogue = reader.string(object.at("pile_analogue"), where + ".pile_analogue");
    if (object.contains("optional")) {
        if (!object.at("optional").is_boolean()) reader.fail(where + ".optional", "expected true or false");
        domain.optional = object.at("optional").get<bool>();
    }
    if (object.contains("max_mb")) domain.max_mb = reader.positive(object.at("max_mb"), where + ".max_mb");
    const json& sources = reader.require(object, "sources", where);
    if (!sources.is_array() || sources.empty()) reader.fail(where + ".sources", "expected a non-empty array");
    for (size_t i = 0; i < sources.size(); ++i)
        domain.sources.push_back(readSource(reader, sources[i], where + ".sources[" + std::to_string(i) + "]"));
    return domain;
}

}  // namespace

ExtractorKind extractorKindFromName(const std::string& name) {
    std::string known;
    for (const auto& [kind, kindName] : kindNames()) {
        if (kindName == name) return kind;
        known += (known.empty() ? "" : ", ") + kindName;
    }
    throw std::invalid_argument("unknown extractor '" + name + "' (known: " + known + ")");
}

CorpusRecipe loadCorpusRecipe(const std::string& path) {
    const FieldReader reader(path);
    const json root = readJsonFile(path);
    CorpusRecipe recipe;
    recipe.path = path;
    recipe.sha256 = sha256Hex(readFileBytes(path));
    recipe.name = reader.string(reader.require(root, "name", "recipe"), "name");
    if (root.contains("max_mb_per_domain")) recipe.max_mb_per_domain = reader.positive(root.at("max_mb_per_domain"), "max_mb_per_domain");
    if (root.contains("test_fraction")) {
        recipe.test_fraction = reader.positive(root.at("test_fraction"), "test_fraction");
        if (recipe.test_fraction >= 0.5) reader.fail("test_fraction", "must be below 0.5");
    }
    if (root.contains("group_bytes")) recipe.group_bytes = static_cast<size_t>(reader.positive(root.at("group_bytes"), "group_bytes"));
    if (root.contains("max_document_bytes"))
        recipe.max_document_bytes = static_cast<size_t>(reader.positive(root.at("max_document_bytes"), "max_document_bytes"));
    if (root.contains("min_test_documents")) {
        const json& value = root.at("min_test_documents");
        if (!value.is_number_integer() || value.get<int64_t>() < 0)
            reader.fail("min_test_documents", "expected a whole number of documents, 0 or more, got " + value.dump());
        recipe.min_test_documents = value.get<size_t>();
    }
    const json& domains = reader.require(root, "domains", "recipe");
    if (!domains.is_array() || domains.empty()) reader.fail("domains", "expected a non-empty array");
    std::set<std::string> seen;
    for (size_t i = 0; i < domains.size(); ++i) {
        CorpusDomain domain = readDomain(reader, domains[i], "domains[" + std::to_string(i) + "]");
        if (!seen.insert(domain.name).second)
            reader.fail("domains[" + std::to_string(i) + "].name", "duplicate domain '" + domain.name + "'");
        recipe.domains.push_back(std::move(domain));
    }
    return recipe;
}

}  // namespace hullft
