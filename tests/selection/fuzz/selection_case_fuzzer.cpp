// libFuzzer target of selection cases (readSelectionCase: the golden schema's kind, params, pool
// and query): any bytes, written as a case file, may only ever give InputError (the file named
// as unusable input). Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>

#include "fuzz_input_file.h"
#include "only_input_errors.h"
#include "selection/selection_case.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    const std::string path = folder.write("case.json", data, size);
    onlyInputErrors([&] { hullft::readSelectionCase(path); });
    return 0;
}
