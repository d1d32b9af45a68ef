// Our own layer / step / inference measurements, embedded as CSV text in the output format
// of `profiler/layers.py` and `profiler/steps.py` (batch-estimate input columns followed by
// `measured_*` columns; see `profiler/README.md`).
//
// None yet: no GPU was available when `orrery validate` was written. To add one, run e.g.
//   python3 profiler/layers.py --out layers.csv      # on an H100 SXM
//   python3 profiler/steps.py --out steps.csv
// and append an `OwnMeasurementFile` below whose `origin` names the GPU, the software
// versions, the date and the command line, and whose `csv` is the file's text between
// `#"""` and `"""#`. Each file becomes its own `orrery validate` suite.

/// One embedded measurement CSV.
public struct OwnMeasurementFile: Sendable {
    /// Short name, shown in the suite name ("h100-layers").
    public var name: String
    /// Where and how it was measured (GPU, driver/torch versions, date, command).
    public var origin: String
    /// The profiler's CSV output, verbatim.
    public var csv: String

    public init(name: String, origin: String, csv: String) {
        self.name = name
        self.origin = origin
        self.csv = csv
    }
}

enum OwnMeasurementData {
    static let files: [OwnMeasurementFile] = []
}
