import CLibFuzzerDriver
import Foundation

// SwiftPM names this file's entry point `RangeFuzzer_main` and links it as `main`, so libFuzzer's own
// `main` is not used: hand the command line to libFuzzer's driver with our test function.
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, rangeFuzzerTestOneInput))
