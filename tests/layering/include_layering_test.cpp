// The module map of README.md ("Layout") is the dependency rule: a folder may include headers of
// its own folder and of the folders its row names, nothing else. This test reads the map from
// the README and every quoted #include of core/, sessions/, ui/ and app/, and fails on any
// include that goes up or across the map. A second test proves it would catch one.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using ModuleMap = std::map<std::string, std::vector<std::string>>;  // folder -> folders it may include

// The rows of the README's module map: "| `folder` | ... | `allowed`, `allowed` |" between the
// line "<!-- module map -->" and the next blank line. "core/*" allows every core folder.
ModuleMap readModuleMap(const fs::path& readme) {
    std::ifstream in(readme);
    ModuleMap map;
    bool inMap = false;
    const std::regex backticked("`([^`]+)`");
    for (std::string line; std::getline(in, line);) {
        if (line.find("<!-- module map -->") != std::string::npos) {
            inMap = true;
            continue;
        }
        if (!inMap) continue;
        if (line.empty()) break;
        if (line.rfind("| `", 0) != 0) continue;
        const size_t lastBar = line.find_last_of('|', line.size() - 2);
        const std::string folderCell = line.substr(0, line.find('|', 2));
        const std::string allowedCell = line.substr(lastBar);
        std::smatch match;
        if (!std::regex_search(folderCell, match, backticked)) continue;
        std::vector<std::string>& allowed = map[match[1]];
        for (auto it = std::sregex_iterator(allowedCell.begin(), allowedCell.end(), backticked);
             it != std::sregex_iterator(); ++it)
            allowed.push_back((*it)[1]);
    }
    return map;
}

// "core/<folder>" for core's files, else the top-level folder (sessions, ui, app).
std::string moduleOf(const fs::path& relative) {
    auto part = relative.begin();
    const std::string top = part->string();
    if (top != "core") return top;
    ++part;
    return "core/" + part->string();
}

bool allows(const ModuleMap& map, const std::string& from, const std::string& to) {
    if (from == to) return true;
    const auto row = map.find(from);
    if (row == map.end()) return false;
    for (const std::string& allowed : row->second)
        if (allowed == to || allowed == "everything" || (allowed == "core/*" && to.rfind("core/", 0) == 0)) return true;
    return false;
}

// Where a quoted include resolves: beside the file, then under each include root (the CMake
// targets' include directories). Generated headers (common/version.h) resolve to their template.
std::optional<fs::path> resolve(const fs::path& root, const fs::path& file, const std::string& name) {
    for (const fs::path& candidate :
         {file.parent_path() / name, root / "core" / name, root / "sessions" / name, root / "ui" / name,
          root / "app" / name, root / "core" / (name + ".in")})
        if (fs::exists(candidate)) return fs::relative(candidate, root);
    return std::nullopt;
}

// "file: includes header (module from -> module to)" for every include the map forbids, and
// "file: module ... is not in the module map" for folders the map lacks.
std::vector<std::string> violations(const fs::path& root, const ModuleMap& map) {
    std::vector<std::string> found;
    const std::regex include(R"(^\s*#\s*include\s*"([^"]+)\")");
    std::set<std::string> unmapped;
    for (const char* top : {"core", "sessions", "ui", "app"}) {
        if (!fs::exists(root / top)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const std::string extension = entry.path().extension().string();
            if (extension != ".h" && extension != ".cpp" && extension != ".cu") continue;
            const fs::path relative = fs::relative(entry.path(), root);
            const std::string from = moduleOf(relative);
            if (!map.count(from) && unmapped.insert(from).second)
                found.push_back(relative.string() + ": module " + from + " is not in the module map");
            std::ifstream in(entry.path());
            std::smatch match;
            for (std::string line; std::getline(in, line);) {
                if (!std::regex_search(line, match, include)) continue;
                const auto target = resolve(root, entry.path(), match[1]);
                if (!target) continue;  // a build-generated header (moc) or a system one in quotes
                const std::string to = moduleOf(*target);
                if (!allows(map, from, to))
                    found.push_back(relative.string() + ": includes " + match[1].str() + " (" + from + " -> " + to + ")");
            }
        }
    }
    return found;
}

QString joined(const std::vector<std::string>& lines) {
    QStringList out;
    for (const std::string& line : lines) out << QString::fromStdString(line);
    return out.join('\n');
}

}  // namespace

class IncludeLayeringTest : public QObject {
    Q_OBJECT

private slots:
    void module_map_covers_the_tree() {
        const ModuleMap map = readModuleMap(fs::path(HULLFT_SOURCE_DIR) / "README.md");
        QVERIFY2(map.size() >= 15, qPrintable(QString::number(map.size())));
        QVERIFY(map.count("core/common") && map.at("core/common").empty());
        QVERIFY(map.count("sessions"));
    }

    void no_folder_includes_a_header_the_module_map_forbids() {
        const fs::path root(HULLFT_SOURCE_DIR);
        const std::vector<std::string> found = violations(root, readModuleMap(root / "README.md"));
        QVERIFY2(found.empty(), qPrintable(joined(found)));
    }

    void an_upward_include_is_caught() {
        QTemporaryDir dir;
        const fs::path root(dir.path().toStdString());
        fs::create_directories(root / "core/common");
        fs::create_directories(root / "core/model");
        std::ofstream(root / "README.md") << "<!-- module map -->\n| `core/common` | hullft_base | — |\n"
                                             "| `core/model` | hullft_core | `core/common` |\n\n";
        std::ofstream(root / "core/model/model.h") << "#pragma once\n#include \"common/errors.h\"\n";
        std::ofstream(root / "core/common/errors.h") << "#pragma once\n";
        QCOMPARE(joined(violations(root, readModuleMap(root / "README.md"))), QString());
        std::ofstream(root / "core/common/errors.h") << "#pragma once\n#include \"model/model.h\"\n";
        QCOMPARE(joined(violations(root, readModuleMap(root / "README.md"))),
                 QStringLiteral("core/common/errors.h: includes model/model.h (core/common -> core/model)"));
    }
};

QTEST_GUILESS_MAIN(IncludeLayeringTest)
#include "include_layering_test.moc"
