// posture-bench: `posture bench` plus heap-allocation counts. The allocator is
// interposed (CAllocationCounter) in this executable only, never in `posture`.
import CAllocationCounter
import Foundation
import PostureCLI

var data: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--data", let value = arguments.popFirst() {
        data = value
    } else {
        print("usage: posture-bench [--data DIR]")
        exit(argument == "--help" || argument == "-h" ? 0 : 64)
    }
}
let counter: AllocationCounter? = posture_allocation_counting_available() != 0
    ? { Int(posture_allocation_count()) } : nil
do {
    try PostureBenchmark.run(data: data, allocationCounter: counter) { print($0) }
} catch {
    print("posture-bench: \(error)")
    exit(1)
}
