#pragma once

// Everything a user can do with a session file, in one call: the hostile-file tests, the
// mutation test and the fuzzer feed files through it and accept only InputError.

#include <string>

#include "html_export.h"
#include "json_export.h"
#include "session_reader.h"
#include "session_summary.h"

namespace hullft::sessions::testing {

inline void useEverything(const std::string& path) {
    const SessionReader reader(path);
    reader.verify();
    reader.info();
    for (const QuerySummary& query : reader.queries()) {
        PipelineObserver ignore;
        reader.replay(query.query_id, ignore);
        reader.records(query.query_id);
    }
    exportJson(reader);
    exportHtml(reader);
    sessionSummary(reader);
}

}  // namespace hullft::sessions::testing
