#include "bench/bench_merge.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "bench/bench_results_file.h"
#include "bench/bench_runner.h"
#include "bench/bench_shard.h"
#include "bench/csv_line.h"
#include "common/errors.h"

namespace hullft {
namespace {

struct ShardFolder {
    std::string directory;
    std::string settingsPath;
    BenchSettings settings;  // protocol without "shard"
    BenchShard shard;
    std::vector<BenchRow> rows;
};

using RunKey = std::tuple<std::string, std::string, int>;  // query id, method name, N

RunKey keyOf(const BenchRow& row) { return {row.query, row.method, row.n}; }

ShardFolder readShardFolder(const std::string& directory) {
    ShardFolder folder{directory, directory + "/bench_settings.json", {}, {}, {}};
    folder.settings = readBenchSettings(folder.settingsPath);
    const auto shard = folder.settings.protocol.find("shard");
    if (shard == folder.settings.protocol.end())
        throw InputError(folder.settingsPath, "is not a shard: its benchmark ran without --shard");
    try {
        folder.shard = parseBenchShard(shard->second, "shard");
    } catch (const UsageError& e) {
        throw InputError(folder.settingsPath, e.problem());
    }
    folder.settings.protocol.erase(shard);
    folder.rows = readBenchRows(directory + "/results.csv");
    return folder;
}

std::string listed(const std::vector<std::string>& lines) {
    std::string list;
    for (const std::string& line : lines) list += "\n  " + line;
    return list;
}

std::string deviceKind(const std::string& device) { return device.substr(0, device.find(':')); }

// The same sweep in the same environment; only the device (cuda:0, cuda:1) may differ, not its kind.
void requireSameSweep(const ShardFolder& first, const ShardFolder& other) {
    const std::vector<std::string> protocol = settingDifferences(first.settings.protocol, other.settings.protocol);
    if (!protocol.empty())
        throw InputError(other.settingsPath, "belongs to another sweep than " + first.directory + ":" + listed(protocol));
    if (other.shard.count != first.shard.count)
        throw InputError(other.settingsPath, "is shard " + benchShardName(other.shard) + ", but " + first.directory + " is shard " +
                                                 benchShardName(first.shard) + ": shards of one sweep share N");
    auto firstEnvironment = first.settings.environment, otherEnvironment = other.settings.environment;
    std::vector<std::string> environment;
    if (deviceKind(firstEnvironment["device"]) != deviceKind(otherEnvironment["device"]))
        environment.push_back("device: '" + firstEnvironment["device"] + "' there, '" + otherEnvironment["device"] + "' here");
    firstEnvironment.erase("device");
    otherEnvironment.erase("device");
    for (const std::string& difference : settingDifferences(firstEnvironment, otherEnvironment)) environment.push_back(difference);
    if (!environment.empty())
        throw InputError(other.settingsPath, "ran with other inputs than " + first.directory + ":" + listed(environment));
    const auto& a = first.settings.queries;
    const auto& b = other.settings.queries;
    const bool sameQueries = a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const BenchQuery& x, const BenchQuery& y) {
                                 return x.id == y.id && x.domain == y.domain;
                             });
    if (!sameQueries) throw InputError(other.settingsPath, "plans other queries than " + first.directory);
}

std::vector<std::string> protocolList(const BenchSettings& settings, const std::string& key, const std::string& path) {
    const auto value = settings.protocol.find(key);
    std::vector<std::string> items;
    if (value == settings.protocol.end() || !splitCsvLine(value->second, items) || items.empty())
        throw InputError(path, "its protocol has no '" + key + "' list");
    return items;
}

// Fills `bench.methods` and `bench.ns` from `bench.settings`'s protocol; returns the methods.
std::vector<Method> readProtocolMethodsAndNs(const std::string& settingsPath, MergedBench& bench) {
    bench.methods = protocolList(bench.settings, "methods", settingsPath);
    std::vector<Method> methods;
    for (const std::string& name : bench.methods) methods.push_back(parseMethod(name, settingsPath));
    for (const std::string& n : protocolList(bench.settings, "ns", settingsPath)) {
        try {
            bench.ns.push_back(std::stoi(n));
        } catch (const std::exception&) {
            throw InputError(settingsPath, "its protocol's N '" + n + "' is not a number");
        }
    }
    return methods;
}

// The shard's rows must be exactly the runs the split gives it.
std::map<RunKey, BenchRow> checkedRows(const ShardFolder& folder, const std::vector<BenchRun>& runs,
                                       const std::vector<BenchQuery>& queries) {
    std::map<RunKey, BenchRow> expected;
    for (const BenchRun& run : runs) expected[{queries[run.query].id, methodName(run.method), run.n}] = BenchRow{};
    std::map<RunKey, BenchRow> rows;
    const std::string csv = folder.directory + "/results.csv";
    for (const BenchRow& row : folder.rows) {
        const std::string what = "query " + row.query + ", " + row.method + " N=" + std::to_string(row.n);
        if (!expected.count(keyOf(row)))
            throw InputError(csv, "holds a run that is not shard " + benchShardName(folder.shard) + "'s (" + what + ")");
        if (!rows.emplace(keyOf(row), row).second) throw InputError(csv, "holds a run twice (" + what + ")");
    }
    if (rows.size() < expected.size())
        throw InputError(csv, "has " + std::to_string(rows.size()) + " of shard " + benchShardName(folder.shard) + "'s " +
                                  std::to_string(expected.size()) + " runs; rerun that shard's command to finish it");
    return rows;
}

}  // namespace

MergedBench mergeBenchShards(const std::vector<std::string>& shardDirectories) {
    if (shardDirectories.empty()) throw UsageError("give the folders of every shard to merge");
    std::vector<ShardFolder> folders;
    for (const std::string& directory : shardDirectories) folders.push_back(readShardFolder(directory));
    const ShardFolder& first = folders.front();
    std::map<int, const ShardFolder*> byIndex;
    std::vector<std::string> devices;
    for (const ShardFolder& folder : folders) {
        requireSameSweep(first, folder);
        const auto [slot, inserted] = byIndex.emplace(folder.shard.index, &folder);
        if (!inserted)
            throw InputError(folder.directory, "is shard " + benchShardName(folder.shard) + ", as " + slot->second->directory + " is");
        const std::string device = folder.settings.environment.count("device") ? folder.settings.environment.at("device") : "";
        if (std::find(devices.begin(), devices.end(), device) == devices.end()) devices.push_back(device);
    }
    for (int index = 1; index <= first.shard.count; ++index)
        if (!byIndex.count(index))
            throw InputError(first.directory, "belongs to a sweep of " + std::to_string(first.shard.count) + " shards, and shard " +
                                                  benchShardName({index, first.shard.count}) + " is not among the folders given");

    MergedBench merged;
    merged.settings = first.settings;
    std::string deviceList;
    for (const std::string& device : devices) deviceList += (deviceList.empty() ? "" : ",") + device;
    merged.settings.environment["device"] = deviceList;
    const std::vector<Method> methods = readProtocolMethodsAndNs(first.settingsPath, merged);
    const auto& queries = first.settings.queries;
    const std::vector<BenchRun> plan = planBenchRuns(queries.size(), methods, merged.ns);
    std::map<RunKey, BenchRow> rows;
    for (const auto& [index, folder] : byIndex) {
        const auto shardRows = checkedRows(*folder, benchShardRuns(plan, folder->shard), queries);
        rows.insert(shardRows.begin(), shardRows.end());
    }
    for (const BenchRun& run : plan) merged.rows.push_back(rows.at({queries[run.query].id, methodName(run.method), run.n}));
    return merged;
}

MergedBench readBenchFolder(const std::string& directory) {
    const std::string settingsPath = directory + "/bench_settings.json";
    MergedBench bench;
    bench.settings = readBenchSettings(settingsPath);
    if (bench.settings.protocol.count("shard"))
        throw InputError(settingsPath, "is one shard of a sweep; join the shards with `hullft bench merge`");
    readProtocolMethodsAndNs(settingsPath, bench);
    bench.rows = readBenchRows(directory + "/results.csv");
    return bench;
}

}  // namespace hullft
