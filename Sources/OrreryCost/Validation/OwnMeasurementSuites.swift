import CSV
import Foundation
import OrreryCore

/// Suites from our own measurement CSVs (`OwnMeasurementData.files`): each row's
/// batch-estimate input columns go through `BatchScenarioTable` and `ScenarioEstimator`
/// exactly as `orrery estimate --scenarios` would run them, and each non-empty
/// `measured_*` column is compared with the matching output column.
public enum OwnMeasurementSuites {
    public static let placeholderMessage = "no layer/step measurements on record (no GPU was available); run profiler/layers.py and profiler/steps.py on an H100 and add the CSVs under Sources/OrreryCost/Validation/"

    /// Measured column → (output metric, value from the estimate). Same pairs as `profiler/compare.py`.
    static let pairs: [(measured: String, metric: String, value: @Sendable (EstimateResult) -> Double?)] = [
        ("measured_fwd_ms", "fwd_ms", { $0.forward?.milliseconds }),
        ("measured_fwdbwd_ms", "fwdbwd_ms", { $0.forwardBackward?.milliseconds }),
        ("measured_activation_bytes", "activation_bytes", { $0.activationBytes?.value }),
        ("measured_step_time_s", "step_time_s", { $0.stepTime?.value }),
        ("measured_peak_memory_gib", "peak_memory_gib", { $0.peakMemory?.gib }),
        ("measured_latency_ms", "latency_ms", { $0.latency?.milliseconds }),
    ]

    static func placeholder() -> ValidationSuite {
        ValidationSuite(name: ValidationSuites.ownMeasurements, notes: [placeholderMessage])
    }

    static func suiteName(_ file: OwnMeasurementFile) -> String { "\(ValidationSuites.ownMeasurements): \(file.name)" }

    /// The suite of one measurement file. Rows that do not resolve or estimate are listed in
    /// `skipped` with the reason; a file that is not CSV yields a suite with only that reason.
    public static func suite(_ file: OwnMeasurementFile) -> ValidationSuite {
        var suite = ValidationSuite(name: suiteName(file), notes: [
            "Rows run through BatchScenarioTable + ScenarioEstimator (the `orrery estimate --scenarios` path); compared columns: measured_X vs X for fwd_ms, fwdbwd_ms, activation_bytes, step_time_s, peak_memory_gib, latency_ms.",
        ])
        let fileName = "\(file.name).csv"
        let reader: CSVReader
        do {
            reader = try CSVReader(string: file.csv, hasHeaderRow: true, trimFields: true)
        } catch {
            suite.skipped.append("\(fileName): not a CSV file: \(error)")
            return suite
        }
        let header = (reader.headerRow ?? []).map { $0.lowercased() }
        let inputColumns = header.indices.filter { BatchScenarioTable.columns.contains(header[$0]) }
        let ignored = header.filter { !BatchScenarioTable.columns.contains($0) && !pairs.map(\.measured).contains($0) }
        if !ignored.isEmpty { suite.notes.append("columns not compared: \(ignored.joined(separator: ", "))") }

        var records: [[String]] = []
        while let values = reader.next() {
            let padded = values + Array(repeating: "", count: max(0, header.count - values.count))
            if inputColumns.allSatisfy({ padded[$0].isEmpty }) {
                if !padded.allSatisfy(\.isEmpty) { suite.skipped.append("\(fileName) row \(records.count + 1): no input columns set") }
                continue
            }
            records.append(padded)
        }
        var inputCSV = inputColumns.map { csvField(header[$0]) }.joined(separator: ",") + "\n"
        for r in records { inputCSV += inputColumns.map { csvField(r[$0]) }.joined(separator: ",") + "\n" }
        let table: BatchScenarioTable
        do {
            table = try BatchScenarioTable.parse(data: Data(inputCSV.utf8), file: fileName)
        } catch {
            suite.skipped.append("\(fileName): \(error)")
            return suite
        }
        let estimator = ScenarioEstimator()
        let nameColumn = header.firstIndex(of: "name")
        let oomColumn = header.firstIndex(of: "measured_oom")
        var fitsAgree = 0, fitsCompared = 0
        for (row, values) in zip(table.rows, records) {
            let label = nameColumn.map { values[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? "row \(row.number)"
            let result: EstimateResult
            do {
                result = try estimator.estimate(try row.scenario.get())
            } catch {
                suite.skipped.append("\(label): \(error)")
                continue
            }
            if let oomColumn, !values[oomColumn].isEmpty, let fits = result.fits {
                fitsCompared += 1
                if (values[oomColumn] == "1") == !fits { fitsAgree += 1 }
            }
            for pair in pairs {
                guard let column = header.firstIndex(of: pair.measured), !values[column].isEmpty else { continue }
                guard let measured = Double(values[column]), measured.isFinite else {
                    suite.skipped.append("\(label): \(pair.measured) = '\(values[column])' is not a number")
                    continue
                }
                guard let predicted = pair.value(result), finite(predicted) else {
                    suite.skipped.append("\(label): no \(pair.metric) for this scope")
                    continue
                }
                suite.entries.append(ValidationEntry(
                    ValidationCase(suite: suite.name, source: file.origin, label: label, metric: pair.metric,
                                   predicted: predicted, measured: measured),
                    kernelSource: result.kernelSource))
            }
        }
        if fitsCompared > 0 {
            suite.notes.append("measured_oom vs predicted fits: agree on \(fitsAgree) of \(fitsCompared) rows")
        }
        return suite
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
