import OrreryCore
import Testing
@testable import OrreryLaws

struct LawDataReaderTests {
    @Test func chinchillaDerivesTokensFromCompute() throws {
        let rows = try LawDataReader.chinchilla("Model Size,Training FLOP,loss\n1e9,6e19,2.5\n", file: "c.csv")
        #expect(rows[0].tokens == 1e10)  // D = C/(6N) = 6e19 / 6e9
        #expect(rows[0].line == 2)
    }

    /// Bad values name the file, line and column.
    @Test(arguments: [
        ("N,D,loss\n1e9,1e10,2.5\n-1,1e10,2.5\n", "c.csv line 3 column N"),
        ("N,D,loss\n1e9,1e10,0\n", "c.csv line 2 column loss"),
        ("N,D,loss\n1e9,abc,2\n", "c.csv line 2 column D"),
    ])
    func chinchillaErrorsNameTheRow(text: String, field: String) {
        #expect {
            _ = try LawDataReader.chinchilla(text, file: "c.csv")
        } throws: { error in
            guard case let .invalidValue(f, _, _) = error as? OrreryError else { return false }
            return f == field
        }
    }

    @Test func ratioOutsideUnitIntervalIsRejected() {
        #expect {
            _ = try LawDataReader.dcpt("N,D,r,loss\n1e9,1e10,1.2,2.5\n", file: "d.csv")
        } throws: { error in
            guard case let .invalidValue(f, _, allowed) = error as? OrreryError else { return false }
            return f == "d.csv line 2 column r" && allowed.contains("[0, 1]")
        }
    }

    @Test func mixingRatiosMustSumToOne() {
        #expect(throws: OrreryError.self) {
            _ = try LawDataReader.mixing("ratio_a,ratio_b,loss\n0.5,0.6,2\n", file: "m.csv")
        }
    }

    @Test func missingColumnIsAParseError() {
        #expect(throws: OrreryError.self) { _ = try LawDataReader.chinchilla("N,loss\n1e9,2\n", file: "c.csv") }
    }

    @Test func ddkGroupsBySteps() throws {
        let evals = try LawDataReader.ddk("step,domain,teacher_loss,student_loss\n2,a,1,2\n1,a,1,3\n1,b,1,1\n2,b,1,1\n", file: "k.csv")
        #expect(evals.map(\.step) == [1, 2])
        #expect(evals[0].losses.map(\.domain) == ["a", "b"])
    }
}
