// libFuzzer target: any bytes, read as a config.json of every supported family (decoders and
// encoders) and as a safetensors file's header, may only ever give InputError (the file named as
// unusable input).
// Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/decoder_config.h"
#include "model/encoder_config.h"
#include "model/gpt2_config.h"
#include "model/safetensors_header.h"

namespace {

template <typename Read>
void onlyInputErrors(Read read) {
    try {
        read();
    } catch (const hullft::InputError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    onlyInputErrors([&] { hullft::parseDecoderConfig(bytes, "config.json"); });
    onlyInputErrors([&] { hullft::parseGpt2Config(bytes, "config.json"); });
    onlyInputErrors([&] { hullft::parseEncoderConfig(hullft::parseJson(bytes, "config.json"), "config.json"); });
    onlyInputErrors([&] { hullft::parseSafetensorsHeader(std::string_view(bytes), "model.safetensors"); });
    return 0;
}
