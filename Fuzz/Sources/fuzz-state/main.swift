import CLibFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif
import PostureFuzzing

/// libFuzzer's entry point for the state target (FuzzTarget.state): a trap or an abort is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = FuzzTarget.state.run(bytes) { fatalError("property violated: \(problem)") }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
