// swift-tools-version: 6.3
// Benchmarks for the gateway, kept out of the main package graph so ordinary builds and CI stay lean.
//   swift package --package-path Benchmarks benchmark              (throughput, ordo-one/benchmark)
//   swift run -c release --package-path Benchmarks CacheHitRatio   (hit-ratio table)
//   swift run -c release --package-path Benchmarks CacheQuick      (get-hit, 90/10, put: one thread against two)

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The identity SwiftPM gives the `.package(path: "..")` dependency: the last component of the parent folder's
/// path, lowercased. Computed rather than written out because a checkout may live in a folder of any name
/// (CI clones elsewhere than a developer's `main/`).
let mainPackage: String = {
    let components = Context.packageDirectory.split(separator: "/", omittingEmptySubsequences: true)
    precondition(components.count >= 2, "Benchmarks must sit inside the main package's folder")
    return components[components.count - 2].lowercased()
}()

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "CacheWorkloads",
            dependencies: [.product(name: "LRUCache", package: mainPackage)],
            path: "Sources/CacheWorkloads",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CacheThroughput",
            dependencies: [
                "CacheWorkloads",
                .product(name: "LRUCache", package: mainPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CacheThroughput",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PolicyDecisions",
            dependencies: [
                .product(name: "Access", package: mainPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PolicyDecisions",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CacheQuick",
            dependencies: ["CacheWorkloads", .product(name: "LRUCache", package: mainPackage)],
            path: "Sources/CacheQuick",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CacheHitRatio",
            dependencies: [
                "CacheWorkloads",
                .product(name: "LRUCache", package: mainPackage),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Sources/CacheHitRatio",
            swiftSettings: strictSettings
        ),
    ]
)
