#pragma once

#include "common/errors.h"

namespace hullft::fuzzing {

// The contract of every reader under a libFuzzer target: any bytes are read or refused with an
// InputError naming the file. Any other exception escapes here, and libFuzzer reports it as a
// crash with its input.
template <typename Read>
void onlyInputErrors(Read read) {
    try {
        read();
    } catch (const InputError&) {
    }
}

}  // namespace hullft::fuzzing
