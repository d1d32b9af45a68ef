import Foundation

// Benchmarks (release build): `swift run -c release orrery-bench [name ...]`.
// Each benchmark prints its own timings and ratios measured in this one run.
let benchmarks: [(name: String, run: () -> Void)] = [
    ("estimate-batch", EstimateBatchBenchmark.run),
    ("simulate", SimulateBenchmark.run),
    ("plan", PlanBenchmark.run),
    ("serve", ServeBenchmark.run),
]

let selected = Set(CommandLine.arguments.dropFirst())
for (name, run) in benchmarks where selected.isEmpty || selected.contains(name) {
    print("== \(name)")
    run()
}
