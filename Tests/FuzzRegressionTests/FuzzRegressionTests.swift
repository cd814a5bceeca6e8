import Foundation
import PostureFuzzing
import Testing

/// Every input kept under Fuzz/regressions/<target>/ (a finding of `.ci/fuzz`, fixed in the main
/// code) and every seed under Fuzz/corpus/<target>/ goes through the same entry point the fuzzer
/// calls, without the fuzzer: a trap fails the run, a violated property fails the test.
struct FuzzRegressionTests {
    static let fuzzDirectory = String(#filePath.dropLast("/Tests/FuzzRegressionTests/FuzzRegressionTests.swift".count)) + "/Fuzz"

    static func inputs(_ kind: String, _ target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        let directory = "\(fuzzDirectory)/\(kind)/\(target.rawValue)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: "\(directory)/\(name)").map { (name, [UInt8]($0)) }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsPass(_ target: FuzzTarget) {
        let seeds = Self.inputs("corpus", target)
        #expect(!seeds.isEmpty, "no seeds in Fuzz/corpus/\(target.rawValue)")
        for seed in seeds {
            #expect(target.run(seed.bytes) == nil, "corpus/\(target.rawValue)/\(seed.name)")
        }
    }

    /// The findings: the fuzzer's, and the crashes of issue 14 found by hand before it ran.
    @Test func findingsStayFixed() {
        let findings = FuzzTarget.allCases.flatMap { target in Self.inputs("regressions", target).map { (target, $0) } }
        #expect(!findings.isEmpty, "no inputs under Fuzz/regressions")
        for (target, finding) in findings {
            #expect(target.run(finding.bytes) == nil, "regressions/\(target.rawValue)/\(finding.name)")
        }
    }
}
