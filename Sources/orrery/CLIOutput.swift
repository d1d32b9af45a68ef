import ArgumentParser
import Foundation
import OrreryCore

/// Writing results and errors: stdout for data, stderr for errors, exit code 2 on bad input.
enum CLIOutput {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(2)
    }

    static func warn(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            FileHandle.standardError.write(Data("warning: \(d)\n".utf8))
        }
    }

    /// Writes a file atomically (temp file + rename) so a failure leaves nothing half-written.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw OrreryError.io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}

/// Output format shared by the scriptable commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
