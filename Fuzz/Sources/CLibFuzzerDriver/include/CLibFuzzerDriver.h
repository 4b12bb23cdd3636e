#ifndef C_LIBFUZZER_DRIVER_H
#define C_LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's documented entry for programs that own `main` (llvm.org/docs/LibFuzzer.html, "Using libFuzzer
// as a library"). SwiftPM links an executable target's `main` as `<Module>_main`, so libFuzzer's own `main`
// never comes in; RangeFuzzer's main.swift calls this instead. Provided by libclang_rt.fuzzer when the
// package is built with -sanitize=fuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
