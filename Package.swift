// swift-tools-version: 6.0
// Orrery: a digital twin of large-model training and serving clusters.
// Targets and their one-way dependencies follow DESIGN.md:
//   OrreryCore ← OrreryCost ← OrrerySim ← OrreryPlan ← orrery (CLI)
//                     ↖ OrreryServe      OrreryLaws ↗ (the planner sizes budgets with it)
import PackageDescription

let package = Package(
    name: "orrery",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "orrery", targets: ["orrery"]),
        .library(name: "OrreryCore", targets: ["OrreryCore"]),
        .library(name: "OrreryCost", targets: ["OrreryCost"]),
        .library(name: "OrrerySim", targets: ["OrrerySim"]),
        .library(name: "OrreryPlan", targets: ["OrreryPlan"]),
        .library(name: "OrreryServe", targets: ["OrreryServe"]),
        .library(name: "OrreryLaws", targets: ["OrreryLaws"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(
            name: "OrreryCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "OrreryCost",
            dependencies: ["OrreryCore"]
        ),
        .target(
            name: "OrrerySim",
            dependencies: ["OrreryCore", "OrreryCost", .product(name: "Collections", package: "swift-collections")]
        ),
        .target(
            name: "OrreryPlan",
            dependencies: ["OrreryCore", "OrreryCost", "OrrerySim", "OrreryLaws"]
        ),
        .target(
            name: "OrreryServe",
            dependencies: ["OrreryCore", "OrreryCost", .product(name: "Collections", package: "swift-collections")]
        ),
        .target(
            name: "OrreryLaws",
            dependencies: ["OrreryCore", .product(name: "Numerics", package: "swift-numerics")]
        ),
        .executableTarget(
            name: "orrery",
            dependencies: [
                "OrreryCore", "OrreryCost", "OrrerySim", "OrreryPlan", "OrreryServe", "OrreryLaws",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "orrery-bench",
            dependencies: [
                "OrreryCore", "OrreryCost", "OrrerySim", "OrreryPlan", "OrreryServe", "OrreryLaws",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "OrreryCoreTests", dependencies: ["OrreryCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "OrreryCostTests", dependencies: ["OrreryCore", "OrreryCost"]),
        .testTarget(name: "OrrerySimTests", dependencies: ["OrreryCore", "OrreryCost", "OrrerySim"]),
        .testTarget(name: "OrreryPlanTests", dependencies: ["OrreryCore", "OrreryCost", "OrrerySim", "OrreryPlan", "OrreryLaws"]),
        .testTarget(name: "OrreryServeTests", dependencies: ["OrreryCore", "OrreryCost", "OrreryServe"]),
        .testTarget(name: "OrreryLawsTests", dependencies: ["OrreryCore", "OrreryLaws"]),
        .testTarget(name: "OrreryCLITests", dependencies: ["orrery"]),
    ]
)
