import Foundation
import OrreryCore

/// Suites from our own measurement CSVs (`OwnMeasurementData.files`): each file is read by
/// `BatchScenarioTable` (which carries the `measured_*` and `notes` columns along unread) and
/// each row estimated by `ScenarioEstimator`, exactly as `orrery estimate --scenarios` would
/// run the file, and each non-empty `measured_*` column is compared with the matching output
/// column.
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

    /// The suite of one measurement file. Rows that do not resolve or estimate, or that set no
    /// input column, are listed in `skipped` with the reason (rows numbered as `orrery estimate
    /// --scenarios` numbers them); a file that `BatchScenarioTable` rejects (not valid CSV, an
    /// unknown or repeated column) yields a suite with only that reason.
    public static func suite(_ file: OwnMeasurementFile) -> ValidationSuite {
        var suite = ValidationSuite(name: suiteName(file), notes: [
            "Rows run through BatchScenarioTable + ScenarioEstimator (the `orrery estimate --scenarios` path); compared columns: measured_X vs X for fwd_ms, fwdbwd_ms, activation_bytes, step_time_s, peak_memory_gib, latency_ms.",
        ])
        let fileName = "\(file.name).csv"
        let table: BatchScenarioTable
        do {
            table = try BatchScenarioTable.parse(data: Data(file.csv.utf8), file: fileName)
        } catch {
            suite.skipped.append("\(fileName): \(error)")
            return suite
        }
        // Column names as BatchScenarioTable matches them: trimmed, case-insensitive.
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let inputColumns = header.indices.filter { BatchScenarioTable.columns.contains(header[$0]) }
        let ignored = header.filter { !BatchScenarioTable.columns.contains($0) && !pairs.map(\.measured).contains($0) }
        if !ignored.isEmpty { suite.notes.append("columns not compared: \(ignored.joined(separator: ", "))") }

        // Each row's cells (one per header column) with surrounding white space trimmed.
        var rows: [(row: BatchScenarioRow, values: [String])] = []
        for row in table.rows {
            let values = row.values.map { $0.trimmingCharacters(in: .whitespaces) }
            if inputColumns.allSatisfy({ values[$0].isEmpty }) {
                if !values.allSatisfy(\.isEmpty) { suite.skipped.append("\(fileName) row \(row.number): no input columns set") }
                continue
            }
            rows.append((row, values))
        }
        let estimator = ScenarioEstimator()
        let nameColumn = header.firstIndex(of: "name")
        let oomColumn = header.firstIndex(of: "measured_oom")
        var fitsAgree = 0, fitsCompared = 0
        for (row, values) in rows {
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
}
