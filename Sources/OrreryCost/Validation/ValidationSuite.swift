import Foundation
import OrreryCore

/// One compared number and the kernel model that priced it.
public struct ValidationEntry: Hashable, Sendable {
    public var `case`: ValidationCase
    /// `KernelTimeModel.source` of the model that produced `predicted`.
    public var kernelSource: String

    public init(_ c: ValidationCase, kernelSource: String) {
        self.case = c
        self.kernelSource = kernelSource
    }
}

/// A group of predicted-versus-measured cases for `orrery validate`, with the assumptions
/// made to build them and the rows that were left out (and why).
public struct ValidationSuite: Sendable {
    public var name: String
    /// Assumptions and conventions, one sentence each (printed under the suite).
    public var notes: [String]
    public var entries: [ValidationEntry]
    /// Measured rows not compared, each with its reason.
    public var skipped: [String]

    public init(name: String, notes: [String] = [], entries: [ValidationEntry] = [], skipped: [String] = []) {
        self.name = name
        self.notes = notes
        self.entries = entries
        self.skipped = skipped
    }

    public var cases: [ValidationCase] { entries.map(\.case) }
    public var mape: Double { cases.mape }
    public var maxAbsolutePercentError: Double { cases.map(\.absolutePercentError).max() ?? 0 }

    /// One line per source, in order of first appearance.
    public var summary: [ValidationSummary] {
        var order: [String] = []
        var bySource: [String: [ValidationEntry]] = [:]
        for e in entries {
            if bySource[e.case.source] == nil { order.append(e.case.source) }
            bySource[e.case.source, default: []].append(e)
        }
        return order.map { source in
            let group = bySource[source]!
            var kernels: [String] = []
            for e in group where !kernels.contains(e.kernelSource) { kernels.append(e.kernelSource) }
            let cases = group.map(\.case)
            return ValidationSummary(suite: name, source: source, count: cases.count, mape: cases.mape,
                                     maxAbsolutePercentError: cases.map(\.absolutePercentError).max() ?? 0,
                                     kernelSources: kernels)
        }
    }
}

/// A suite's errors against one source.
public struct ValidationSummary: Hashable, Sendable {
    public var suite: String
    public var source: String
    public var count: Int
    /// Mean absolute percentage error, percent.
    public var mape: Double
    public var maxAbsolutePercentError: Double
    public var kernelSources: [String]
}

/// The suites `orrery validate` runs, by name, built on demand (the leave-one-out suites
/// refit the kernel model hundreds of times).
public enum ValidationSuites {
    public struct Definition: Sendable {
        public var name: String
        public let build: @Sendable () -> ValidationSuite
        public init(name: String, build: @escaping @Sendable () -> ValidationSuite) {
            self.name = name
            self.build = build
        }
    }

    public static let flashAttention2 = "FlashAttention-2 kernel (published)"
    public static let flashAttention3 = "FlashAttention-3 forward kernel (published)"
    public static let gemmMaxAchievable = "Dense GEMM max achievable (published)"
    public static let looGEMM = "H100 kernel tables, leave-one-out: GEMM"
    public static let looAttentionForward = "H100 kernel tables, leave-one-out: attention forward"
    public static let looElementwiseForward = "H100 kernel tables, leave-one-out: elementwise forward"
    public static let megatronTraining = "Megatron-LM / Korthikanti multi-GPU training (published)"
    public static let ownMeasurements = "Own measurements"

    /// Every suite of this target, in report order (downstream targets — OrrerySim,
    /// OrreryServe, OrreryLaws — publish their own `definitions`; the CLI concatenates them). Own-measurement suites appear once CSVs are embedded
    /// in `OwnMeasurementData.files` (one suite per file).
    public static var definitions: [Definition] {
        var d: [Definition] = [
            Definition(name: flashAttention2) { KernelBenchmarkSuites.flashAttention2() },
            Definition(name: flashAttention3) { KernelBenchmarkSuites.flashAttention3() },
            Definition(name: gemmMaxAchievable) { KernelBenchmarkSuites.gemmMaxAchievable() },
            Definition(name: looGEMM) { LeaveOneOutSuites.gemm() },
            Definition(name: looAttentionForward) { LeaveOneOutSuites.attentionForward() },
            Definition(name: looElementwiseForward) { LeaveOneOutSuites.elementwiseForward() },
            Definition(name: SingleCallSuites.looAttentionForwardBackward) { SingleCallSuites.attention() },
            Definition(name: SingleCallSuites.looElementwiseForwardBackward) { SingleCallSuites.elementwise() },
            Definition(name: megatronTraining) { TrainingSuites.megatron() },
            Definition(name: CollectiveSuites.busBandwidth) { CollectiveSuites.bandwidth() },
            Definition(name: CollectiveSuites.smallMessages) { CollectiveSuites.latency() },
        ]
        if OwnMeasurementData.files.isEmpty {
            d.append(Definition(name: ownMeasurements) { OwnMeasurementSuites.placeholder() })
        } else {
            for file in OwnMeasurementData.files {
                d.append(Definition(name: OwnMeasurementSuites.suiteName(file)) { OwnMeasurementSuites.suite(file) })
            }
        }
        return d
    }

    public static var names: [String] { definitions.map(\.name) }

    /// The suites whose name is `filter` (case-insensitive), or else contains it; all
    /// suites when `filter` is nil.
    /// - Throws: `OrreryError.invalidValue` (field `--suite`, listing the names) when none matches.
    public static func matching(_ filter: String?, among all: [Definition] = definitions) throws -> [Definition] {
        guard let filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty else { return all }
        let key = filter.trimmingCharacters(in: .whitespaces).lowercased()
        if let exact = all.first(where: { $0.name.lowercased() == key }) { return [exact] }
        let hits = all.filter { $0.name.lowercased().contains(key) }
        guard !hits.isEmpty else {
            throw OrreryError.invalidValue(field: "--suite", value: filter,
                                           allowed: "a suite name or part of one: " + all.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        return hits
    }

    /// Builds the matching suites (see `matching`).
    public static func build(_ filter: String? = nil, among all: [Definition] = definitions) throws -> [ValidationSuite] {
        try matching(filter, among: all).map { $0.build() }
    }
}

/// Whether a prediction is a usable number (a non-finite one is reported as a skipped row).
func finite(_ x: Double) -> Bool { x.isFinite && !x.isNaN }
