import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws

/// `orrery laws ddk --losses FILE [--smoothing α]` — DDK's domain sampling schedule from
/// per-domain teacher and student validation losses (columns `step, domain, teacher_loss,
/// student_loss`; `step` optional). One output row per step and domain:
/// `step, domain, teacher_loss, student_loss, discrepancy, probability` (JSON: an array of
/// such objects).
struct LawsDDKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddk",
        abstract: "DDK distillation: per-domain sampling probabilities from teacher/student loss gaps.")

    @Option(help: ArgumentHelp("CSV with domain, teacher_loss, student_loss [, step].", valueName: "file.csv"))
    var losses: String

    @Option(help: "Smoothing α in [0, 1]: p = α·(updated weights) + (1 − α)·uniform (0.5 is our default, not the paper's).")
    var smoothing: Double = DDKDomainSampler.defaultSmoothing

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        let evaluations = try LawDataReader.ddk(try LawsOutput.read(losses), file: losses)
        let schedule = try DDKDomainSampler(smoothing: smoothing).schedule(evaluations)
        let header = ["step", "domain", "teacher_loss", "student_loss", "discrepancy", "probability"]
        var rows: [[String]] = []
        for (e, s) in zip(evaluations, schedule) {
            for (i, l) in e.losses.enumerated() {
                rows.append([String(s.step), l.domain, LawsOutput.number(l.teacherLoss), LawsOutput.number(l.studentLoss),
                             LawsOutput.number(s.discrepancy[i]), LawsOutput.number(s.probabilities[i])])
            }
        }
        switch format {
        case .json: print(JSONRendering.records(header: header, rows: rows), terminator: "")
        case .csv: print((try? CSVRendering.csv(header: header, rows: rows)) ?? "", terminator: "")
        case .table:
            print("DDK sampling schedule (softmax of student/teacher loss ratios, smoothing α = \(LawsOutput.number(smoothing)))")
            print(TableRendering.table(header: header, rows: rows), terminator: "")
        }
    }
}
