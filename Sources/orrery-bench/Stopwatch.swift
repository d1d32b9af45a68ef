import Foundation

/// Wall-clock timing for benchmarks.
enum Stopwatch {
    /// Runs `body` and returns its result with the elapsed seconds.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let end = DispatchTime.now().uptimeNanoseconds
        return (result, Double(end - start) / 1e9)
    }
}
