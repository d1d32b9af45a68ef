import ArgumentParser
import Foundation
import OrreryCore
import OrreryCost

/// `orrery estimate`: one scenario (human view or data) or a batch CSV (DESIGN.md contract).
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Predict step time, throughput, MFU and memory of one scenario or a CSV of scenarios.",
        discussion: """
        One scenario:  orrery estimate --scenario Scenarios/gpt3-1.3b-single-h100.yaml
                       orrery estimate --model llama-3-8b --gpu h100-sxm --scope layer --micro-batch 2
        A batch:       orrery estimate --scenarios IN.csv --format csv > OUT.csv
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .customLong("scenarios"), help: ArgumentHelp("Batch CSV of scenarios (one per row).", valueName: "file.csv"))
    var batchFile: String?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: .customLong("kernel-tables"),
            help: ArgumentHelp("Folder with gemm.csv, attention.csv, elementwise.csv from profiler/kernels.py.", valueName: "dir"))
    var kernelTables: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if batchFile != nil && scenario.scenarioFile != nil {
            throw ValidationError("--scenarios (a batch CSV) and --scenario (one YAML file) cannot be combined; use one of them")
        }
    }

    func run() throws {
        let table = try kernelTables.map { try KernelTable.load(directory: $0) }
        let estimator = ScenarioEstimator(kernelTable: table)
        let text: String
        if let batchFile {
            let batch = try BatchScenarioTable.read(path: batchFile)
            let results = BatchEstimate.run(batch, estimator: estimator)
            text = try BatchEstimate.render(batch, results, format: format)
        } else {
            let s = try scenario.resolve()
            let r = try estimator.estimate(s)
            text = EstimateReport.render(s, r, format: format)
        }
        if let output {
            try CLIOutput.writeAtomically(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// The batch-estimate contract: rows in, rows out in the same order.
enum BatchEstimate {
    static func run(_ batch: BatchScenarioTable, estimator: ScenarioEstimator) -> [Result<EstimateResult, OrreryError>] {
        estimator.estimateAll(batch.rows.map(\.scenario))
    }

    static func render(_ batch: BatchScenarioTable, _ results: [Result<EstimateResult, OrreryError>], format: OutputFormat) throws -> String {
        let header = batch.header + EstimateResult.columns + ["error"]
        var rows: [[String]] = []
        rows.reserveCapacity(results.count)
        for (row, result) in zip(batch.rows, results) {
            var values = row.values
            if values.count < batch.header.count { values += Array(repeating: "", count: batch.header.count - values.count) }
            switch result {
            case .success(let r): rows.append(values + r.cells + [""])
            case .failure(let e): rows.append(values + Array(repeating: "", count: EstimateResult.columns.count) + [e.description])
            }
        }
        switch format {
        case .csv: return try CSVRendering.csv(header: header, rows: rows)
        case .json: return JSONRendering.records(header: header, rows: rows)
        case .table: return TableRendering.table(header: header, rows: rows)
        }
    }
}
