// swift-tools-version: 6.1
import PackageDescription

// The pipeline reads off the target list:
// ingest → match → score → store → detect → alert/export, with `vigie` on top.
let package = Package(
    name: "vigie",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigie", targets: ["vigie"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Clocks injected where time matters; TestClock drives retries, polls and deadlines in tests.
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        // Tests only: an independent CSV reader to check the exports against.
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // `vigie serve`: the dashboard's templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `vigie serve`: /metrics in Prometheus' text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Several watchers on one PostgreSQL (issue 16): the store's second implementation.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The TLS settings of a PostgreSQL connection (`sslmode=`); already built for AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        // The C: libxml2 from the system (pkg-config libxml-2.0).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Exports (issue 22): libxlsxwriter from the system (pkg-config xlsxwriter) for `--format xlsx`.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Memory, in C: libxml2's allocations from one arena per parsed document; malloc's settings.
        .target(name: "CMemory", dependencies: ["CLibXML2"]),
        // Value types shared by every stage.
        .target(name: "VigieCore"),
        // Ingest: libxml2 wrapper, feed and HTML page parsing.
        .target(name: "VigieIngest", dependencies: ["VigieCore", "CLibXML2", "CMemory"]),
        // Ingest, network side: HTTP and file fetching with conditional GET,
        // timeouts, size caps, backoff and per-host politeness.
        .target(
            name: "VigieFetch",
            dependencies: [
                "VigieCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        // Match: brand queries.
        .target(name: "VigieMatch", dependencies: ["VigieCore"]),
        // Score: tokenizer, language guess, lexicon rules.
        .target(name: "VigieScore", dependencies: ["VigieCore", "VigieLexicons"]),
        // The lexicon files, shipped as resources (data reviewed like code).
        .target(
            name: "VigieLexicons",
            path: "Lexicons",
            exclude: ["README.md"],
            resources: [.copy("fr"), .copy("en")]
        ),
        // Store: SQLite through GRDB (WAL, named migrations): sources, entries, mentions, alerts, outbox; and the
        // operations several watchers share (WatchStore) on PostgreSQL through postgres-nio (issue 16).
        .target(
            name: "VigieStore",
            dependencies: [
                "VigieCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Watch: the pipeline, one service that owns the stages (fetch → parse → match → score → store →
        // detect → deliver), their clients and their lifecycle; built from the typed configuration.
        .target(
            name: "VigieWatch",
            dependencies: [
                "VigieCore", "VigieIngest", "VigieFetch", "VigieMatch", "VigieScore", "VigieStore", "VigieDetect",
                "VigieConfig", "VigieOutput",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        // Detect: bucketing, baselines, spike detection (pure, clock injected).
        .target(name: "VigieDetect", dependencies: ["VigieCore"]),
        // vigie.yaml to typed configuration, with every problem located by path and line.
        // The only target that reads YAML; the stages take the typed values.
        .target(
            name: "VigieConfig",
            dependencies: ["VigieCore", "VigieMatch", "VigieDetect", .product(name: "Yams", package: "Yams")]
        ),
        // Output: alert sinks (stdout, signed webhooks through the outbox) and exports (CSV, charts); no detection.
        .target(
            name: "VigieOutput",
            dependencies: [
                "VigieCore", "VigieStore", "VigieFetch", "CXLSXWriter",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        // Serve: the dashboard, the JSON API and the metrics over HTTP (Hummingbird), reading the store;
        // templates and the OpenAPI document ship as resources.
        .target(
            name: "VigieServe",
            dependencies: [
                "VigieCore", "VigieStore", "VigieDetect", "VigieConfig", "VigieOutput", "VigieWatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Resources")]
        ),
        // The `vigie` command: one file per subcommand.
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieCore", "VigieIngest", "VigieFetch", "VigieMatch", "VigieScore", "VigieDetect", "VigieConfig",
                "VigieStore", "VigieWatch", "VigieOutput", "VigieServe", "CMemory",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Release binaries carry the Swift runtime and Foundation: `vigie parse` on one small file takes
            // 18 ms rather than 27 ms without 30 shared libraries to bind (docs/FEEDS.md, fourth round). The
            // static Foundation archives need each other and libxml2, in one group.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-Xlinker", "--start-group", "-lFoundationXML", "-l_CFXMLInterface",
                        "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
                        "-lCoreFoundation",
                        "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lxml2", "-Xlinker",
                        "--end-group",
                    ], .when(configuration: .release))
            ]
        ),
        .testTarget(name: "VigieCoreTests", dependencies: ["VigieCore"]),
        .testTarget(name: "VigieIngestTests", dependencies: ["VigieIngest", "VigieCore", "CMemory", "CLibXML2"]),
        .testTarget(name: "VigieMatchTests", dependencies: ["VigieMatch", "VigieTestSupport"]),
        .testTarget(name: "VigieScoreTests", dependencies: ["VigieScore"]),
        .testTarget(name: "VigieConfigTests", dependencies: ["VigieConfig", "VigieDetect", "VigieTestSupport"]),
        .testTarget(
            name: "VigieStoreTests",
            dependencies: [
                "VigieStore", "VigieCore", "VigieTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VigieFetchTests",
            dependencies: [
                "VigieFetch", "VigieTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        .testTarget(
            name: "VigieWatchTests",
            dependencies: [
                "VigieWatch", "VigieStore", "VigieFetch", "VigieMatch", "VigieScore", "VigieDetect", "VigieConfig",
                "VigieOutput", "VigieTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        .testTarget(
            name: "VigieOutputTests",
            dependencies: [
                "VigieOutput", "VigieStore", "VigieTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "VigieDetectTests", dependencies: ["VigieDetect", "VigieCore", "VigieTestSupport"]),
        // What several test targets share: one seeded generator, one temporary folder, one loopback
        // server (and a raw one that misbehaves on purpose), one process runner, a CSV oracle, and the
        // stores the WatchStore tests run on (SQLite, and PostgreSQL when VIGIE_TEST_POSTGRES_URL is set).
        .target(
            name: "VigieTestSupport",
            dependencies: [
                "VigieCore", "VigieStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/VigieTestSupport"
        ),
        .testTarget(
            name: "VigieServeTests",
            dependencies: [
                "vigie", "VigieServe", "VigieStore", "VigieCore", "VigieDetect", "VigieTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The Selenium walk through the dashboard, run by BrowserTests.swift with Debian's python3.
            exclude: ["Browser"]
        ),
        // Runs the built `vigie` binary the way a user does.
        .testTarget(name: "VigieCLITests", dependencies: ["vigie", "VigieCore", "VigieStore", "VigieTestSupport"]),
    ]
)

// Strict upcoming features for every target of ours, in one place.
for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
