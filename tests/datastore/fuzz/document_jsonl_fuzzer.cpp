// libFuzzer target of corpus JSONL files (readDocumentsJsonl: the corpus format and the Pile's):
// any bytes, written as a .jsonl file, may only ever give InputError (the file named as
// unusable input); lines it cannot use are reported as issues, never thrown. Any other
// exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <vector>

#include "corpus/document_jsonl.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    const std::string path = folder.write("train.jsonl", data, size);
    const auto ignore = [](hullft::Document&&) {};
    std::vector<hullft::JsonlIssue> issues;
    onlyInputErrors([&] { hullft::readDocumentsJsonl(path, "jsonl", ignore, issues); });
    return 0;
}
