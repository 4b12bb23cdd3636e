// swift-tools-version: 6.3
// Benchmarks for the gateway, kept out of the main package graph so ordinary builds and CI stay lean.
//   swift package --package-path Benchmarks benchmark              (throughput, ordo-one/benchmark)
//   swift run -c release --package-path Benchmarks CacheHitRatio   (hit-ratio table)

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

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
            path: "Sources/CacheWorkloads",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CacheThroughput",
            dependencies: [
                "CacheWorkloads",
                .product(name: "LRUCache", package: "main"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CacheThroughput",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CacheHitRatio",
            dependencies: [
                "CacheWorkloads",
                .product(name: "LRUCache", package: "main"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Sources/CacheHitRatio",
            swiftSettings: strictSettings
        ),
    ]
)
