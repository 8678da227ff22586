import ArgumentParser
import Foundation
import Logging
import VigieConfig
import VigieStore

/// `vigie migrate`: brings the store's schema up to this Vigie's, once for every worker.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database schema up to this version of Vigie.",
        discussion: """
            On PostgreSQL (storage: postgres://… in the configuration), applies the numbered \
            migrations the database lacks, in one transaction under an advisory lock: run it once \
            after installing a new Vigie and before starting the watchers (vigie watch refuses a \
            schema older or newer than its own, and says so). Several copies started together \
            apply each migration once.

            On SQLite (storage: a file), opening the database applies its migrations, as every \
            command does; this command only does that and says which were applied.

            Examples:
              vigie migrate --config /etc/vigie/vigie.yaml
              VIGIE_DATABASE_PASSWORD=… vigie migrate --config agency.yaml
            """
    )

    @OptionGroup var config: ConfigOptions

    func run() async throws {
        let configuration = try config.load()
        let store: any WatchStore
        var connections: Task<Void, any Error>?
        if configuration.storage.postgres != nil {
            let opened = try WatchRuntime.openPostgres(configuration, logger: Logger(label: "vigie.store"))
            store = opened.store
            connections = opened.connections
        } else {
            store = try WatchRuntime.openDatabase(configuration)
        }
        defer { connections?.cancel() }
        do {
            let applied = try await store.migrate()
            if applied.isEmpty {
                print("\(store.location): the schema is up to date")
            } else {
                print("\(store.location): applied \(applied.joined(separator: ", "))")
            }
        } catch {
            StandardError.print("vigie migrate: \(error)")
            throw ExitCode.failure
        }
    }
}
