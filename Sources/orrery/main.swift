import ArgumentParser
import Foundation
import OrreryCore

// Entry point: parse, run, and render every user-caused error on stderr with exit code 2.
// Help and version requests exit 0 on stdout.
do {
    var command = try Orrery.parseAsRoot()
    try command.run()
} catch let error as OrreryError {
    CLIOutput.fail(error.description)
} catch {
    let code = Orrery.exitCode(for: error)
    if code == .success {
        print(Orrery.fullMessage(for: error))
        exit(0)
    }
    // argument-parser's message already starts with "Error: "; CLIOutput adds "error: ".
    var message = Orrery.fullMessage(for: error)
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    CLIOutput.fail(message)
}
