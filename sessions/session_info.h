#pragma once

#include <string>

namespace hullft::sessions {

// The session header: what ran, on what, with which settings. It is record 1 of the hash
// chain, so editing it is detected like editing any other record.
struct SessionInfo {
    std::string tool_version;
    std::string model_identity;      // filesIdentity() of the weight files
    std::string datastore_identity;  // the datastore's own identity (e.g. a hash of its manifest)
    std::string device;              // "cpu", "cuda:0 (NVIDIA H100)", ...
    std::string settings_json = "{}";  // a JSON object: the run's settings as given
    std::string created_at;          // UTC, ISO 8601; filled by the recorder when empty
    int schema_version = 0;          // filled by the recorder
};

}  // namespace hullft::sessions
