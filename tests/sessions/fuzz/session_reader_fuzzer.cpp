// libFuzzer target: any bytes, written as a session file, may only ever give InputError (the file
// named as unusable input) from the reader, the verifier, replay and both exports. Any other
// exception, a crash or a sanitizer report is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/errors.h"
#include "session_exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = "/tmp/hullft-session-fuzz-" + std::to_string(getpid()) + ".hullft";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
    if (FILE* file = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, file);
        std::fclose(file);
    }
    try {
        hullft::sessions::testing::useEverything(path);
    } catch (const hullft::InputError&) {
    }
    return 0;
}
