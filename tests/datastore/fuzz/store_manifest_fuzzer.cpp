// libFuzzer target of a store's manifest (storeManifestFromJson, which reads manifest.json and the
// database's copy alike): any bytes may only ever give InputError (the manifest named as unusable
// input). A manifest that reads must also read back unchanged from what storeManifestToJson()
// writes of it, since requireManifestFileMatches() compares the two that way. Any other
// exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "datastore/store_manifest.h"
#include "only_input_errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    hullft::fuzzing::onlyInputErrors([&] {
        const std::string written =
            hullft::storeManifestToJson(hullft::storeManifestFromJson(bytes, "manifest.json"));
        if (hullft::storeManifestToJson(hullft::storeManifestFromJson(written, "written")) != written) {
            std::fprintf(stderr, "a manifest does not read back as written:\n%s\n", written.c_str());
            std::abort();
        }
    });
    return 0;
}
