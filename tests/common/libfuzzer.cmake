# Shared by the libFuzzer projects under tests/*/fuzz, each built with clang as its own small
# project (the main build uses GCC and LibTorch): the repository's sources a reader needs are
# compiled straight in, with the address and undefined-behaviour sanitizers, at -O1 so the
# builds stay short on CI's two cores.
set(HULLFT_FUZZ_OPTIONS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1)

# hullft_fuzz_library(NAME SOURCE...): the repository sources a folder's fuzzers share, built once.
function(hullft_fuzz_library name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${HULLFT_SOURCE_DIR}/core ${HULLFT_SOURCE_DIR}/tests/common)
  target_compile_options(${name} PUBLIC ${HULLFT_FUZZ_OPTIONS} -fsanitize=fuzzer-no-link)
endfunction()

# hullft_fuzzer(NAME LIB...): the libFuzzer target NAME from NAME.cpp, linked with LIBs.
function(hullft_fuzzer name)
  add_executable(${name} ${name}.cpp)
  target_link_libraries(${name} PRIVATE ${ARGN})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endfunction()
