// swift-tools-version:6.2
// The Literature Delivery Gateway of a provincial library network.

import PackageDescription

/// Strict settings for every target, as Hummingbird does.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "literature-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["gateway"]),
        .library(name: "HTTPRanges", targets: ["HTTPRanges"]),
        .library(name: "Access", targets: ["Access"]),
        .library(name: "LRUCache", targets: ["LRUCache"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "HTTPRanges", swiftSettings: swiftSettings),
        // Shared by the parsers of the YAML files and the link and key formats: file:line:column diagnostics,
        // "did you mean" suggestions, base64url.
        .target(
            name: "GatewaySupport", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .target(name: "DemoContent", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswresample-dev", "libswscale-dev"])
            ]
        ),
        .target(
            name: "Transcoding",
            dependencies: ["CFFmpeg", "GatewaySupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Stamped copies of delivered PDFs (cover page, per-reader watermark): libqpdf in process, a HarfBuzz subset
        // of the embedded font.
        .systemLibrary(name: "CQPDF", pkgConfig: "libqpdf", providers: [.apt(["libqpdf-dev"])]),
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz-subset", providers: [.apt(["libharfbuzz-dev"])]),
        .target(name: "PDFStamp", dependencies: ["CQPDF", "CHarfBuzz"], swiftSettings: swiftSettings),
        .target(name: "CLRUCacheSupport"),
        .target(
            name: "LRUCache",
            dependencies: [
                "CLRUCacheSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssetStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Blobs in an S3-compatible object store: a SigV4 signer and a small S3 client on async-http-client.
        .target(
            name: "ObjectStore",
            dependencies: [
                "AssetStore", "HTTPRanges",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared state of a network of nodes in PostgreSQL (postgres-nio), behind the storage protocols.
        .target(
            name: "PostgresStore",
            dependencies: [
                "AssetStore", "Audit", "Delivery",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Access",
            dependencies: [
                "GatewaySupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Delivery",
            dependencies: [
                "GatewaySupport",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings),
        // The browser console's pages (/admin/): templates, words in Chinese and English, server-drawn SVG charts.
        .target(
            name: "AdminConsole",
            dependencies: ["Delivery", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates"), .copy("console.css")],
            swiftSettings: swiftSettings),
        .target(
            name: "GatewayServer",
            dependencies: [
                "HTTPRanges", "AssetStore", "Access", "Audit", "LRUCache", "Transcoding", "Delivery", "GatewaySupport",
                "ObjectStore", "PostgresStore", "PDFStamp", "AdminConsole",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gateway",
            dependencies: [
                "GatewayServer", "AssetStore", "Access", "Audit", "Transcoding", "LRUCache", "Delivery", "DemoContent",
                "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPRangesTests", dependencies: ["HTTPRanges"], swiftSettings: swiftSettings),
        .testTarget(name: "AdminConsoleTests", dependencies: ["AdminConsole", "Delivery"], swiftSettings: swiftSettings),
        .testTarget(name: "GatewaySupportTests", dependencies: ["GatewaySupport"], swiftSettings: swiftSettings),
        .testTarget(name: "DemoContentTests", dependencies: ["DemoContent"], swiftSettings: swiftSettings),
        .testTarget(name: "TranscodingTests", dependencies: ["Transcoding"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LRUCacheTests",
            dependencies: [
                "LRUCache",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: [
                "Audit", "AssetStore", "PostgresStore", "TestServers", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssetStoreTests", dependencies: ["AssetStore"], swiftSettings: swiftSettings),
        // Real servers for tests (SeaweedFS), started and stopped by the tests themselves.
        .target(name: "TestServers", swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "AssetStore", "Audit", "TestServers", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: ["ObjectStore", "AssetStore", "TestServers", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .testTarget(name: "AccessTests", dependencies: ["Access", "GatewaySupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "Access", "AssetStore", "LRUCache", "Transcoding", "PostgresStore", "TestServers",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "PostgresStore", "TestServers", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["TestServers"], swiftSettings: swiftSettings),
        .testTarget(name: "PDFStampTests", dependencies: ["PDFStamp"], swiftSettings: swiftSettings),
    ]
)

// scripts/bench-stamp's driver, in the package graph only when asked for (as Hummingbird's ENABLE_HB_BENCHMARKS).
if Context.environment["ENABLE_STAMP_BENCH"] != nil {
    package.products.append(.executable(name: "stamp-bench", targets: ["stamp-bench"]))
    package.targets.append(
        .executableTarget(name: "stamp-bench", dependencies: ["PDFStamp", "CQPDF"], swiftSettings: swiftSettings))
}
