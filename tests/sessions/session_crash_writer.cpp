// Test helper: records realistic queries into a new session file forever, printing the number
// of committed records after each event, until the crash test kills it with SIGKILL. With a
// second argument, the Ed25519 private key file that signs the session.
#include <cstdio>
#include <exception>
#include <string>

#include "common/ed25519_key.h"
#include "session_fixtures.h"
#include "session_recorder.h"

int main(int argc, char** argv) {
    using namespace hullft::sessions;
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: session_crash_writer FILE [SIGNING_KEY]\n");
        return 2;
    }
    try {
        RecorderOptions recording;
        if (argc == 3)
            recording.signing_key =
                std::make_shared<const hullft::Ed25519PrivateKey>(hullft::Ed25519PrivateKey::load(argv[2]));
        SessionRecorder recorder(argv[1], testing::sampleInfo(), recording);
        for (unsigned query = 1;; ++query) {
            testing::QueryOptions options;
            options.query_id = "q-" + std::to_string(query);
            options.seed = query;
            for (const hullft::PipelineEvent& event : testing::realisticQuery(options)) {
                deliver(event, recorder);
                std::printf("%lld\n", static_cast<long long>(recorder.recordCount()));
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "session_crash_writer: %s\n", e.what());
        return 1;
    }
}
