import ArgumentParser
import Foundation
import VigieConfig
import VigieStore

/// `vigie backup`: a consistent copy of the store, taken while the watcher writes.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a file, safely, even while vigie watch is writing to it.",
        discussion: """
            Copies the database named under storage: in the configuration with SQLite's online \
            backup: the copy is one consistent snapshot of the store (every fetch in it is whole), \
            taken without stopping or slowing the watcher. The copy is checked (PRAGMA \
            integrity_check) before the command reports success, is a single self-contained \
            file readable by its owner only, and replaces PATH only once complete: an interrupted \
            backup leaves the previous one in place.

            Copying the file with cp while the watcher runs is not safe (the database is spread \
            over the file and its -wal journal). To restore a backup, stop the watcher and copy the \
            backup over the database file, removing any -wal and -shm files beside it (see \
            docs/STORAGE.md).

            Examples:
              vigie backup --config /etc/vigie/vigie.yaml --to /var/backups/vigie.db
              vigie backup --to "backup-$(date +%F).db"     # one file a day, from cron
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: ArgumentHelp("The file to write the copy to (replaced if it exists).", valueName: "path"))
    var to: String

    func run() throws {
        let configuration = try config.load()
        let destination = URL(fileURLWithPath: to).standardizedFileURL.path
        try WatchRuntime.requireSQLite(configuration)
        let source = configuration.storage.path.standardizedFileURL.path
        guard destination != source else {
            StandardError.print("vigie backup: --to \(to) is the database itself; give another file")
            throw ExitCode.failure
        }
        guard FileManager.default.fileExists(atPath: source) else {
            StandardError.print(
                "vigie backup: no database at \(source) (storage: path in \(configuration.file)); nothing to back up")
            throw ExitCode.failure
        }
        let database = try WatchRuntime.openDatabase(configuration)
        let backup: VigieDatabase.Backup
        do {
            backup = try database.backup(to: destination)
        } catch {
            StandardError.print("vigie backup: \(error)")
            throw ExitCode.failure
        }
        try? database.close()
        print(
            "backed up \(backup.mentions) mentions to \(backup.path) (\(backup.bytes >> 10) KiB, integrity check ok)")
    }
}
