import Crypto
import Foundation
import SQLKit

/// Rotating the installation's keys, and verifying its audit chain: what `tandem keys` and `tandem audit` run.
extension TandemDatabase {
    /// Re-wraps every key of the installation under a new key file, which then takes the old one's place (the old
    /// one is kept beside it as `.old`: backups taken before need it). Resumable: a run that stopped after writing
    /// the new file, or after re-wrapping, is finished by the next run (or by the next start). Answers the new
    /// key's fingerprint.
    public func rotateKeyFile() async throws -> String {
        guard case .file(let path) = self.keySource else { throw KeyError.noKeyFile }
        let next = path + ".next"
        let newer = try KeyEncryptionKey.readOrCreate(next)
        let rows = try await InstallationKeys.rows(self.sql)
        if Set(rows.map(\.keyFile)) != [newer.fingerprint] {
            let current = try KeyEncryptionKey.read(path)
            guard Set(rows.map(\.keyFile)) == [current.fingerprint] else { throw KeyError.wrongKey(path) }
            try await self.transaction { db in
                for row in rows {
                    let key = try InstallationKeys.unwrap(row, kek: current)
                    let wrapped = try InstallationKeys.wrap(key, purpose: row.purpose, generation: row.generation, under: newer)
                    try await db.raw(
                        """
                        UPDATE installation_keys SET wrapped = \(bind: wrapped), key_file = \(bind: newer.fingerprint)
                        WHERE purpose = \(bind: row.purpose) AND generation = \(bind: row.generation)
                        """
                    ).run()
                }
            }
        }
        try KeyFiles.replace(path, with: next)
        return newer.fingerprint
    }

    /// Re-seals every sealed value under a new data key, in batches that each commit with their progress, so a
    /// run that stops loses nothing and the next run goes on (a second run never starts a third key). When every
    /// row is done the old data key is deleted. With `maxBatches` it stops after that many (the test of an
    /// interruption). Answers whether the rotation is complete. Stop the server first: a running server does not
    /// know the new key until it restarts.
    @discardableResult
    public func rotateDataKey(maxBatches: Int? = nil, progress: Resealing.Progress? = nil) async throws -> Bool {
        guard let source = self.keySource else { throw StoreError.unexpected("the database was opened without its keys") }
        let rows = try await InstallationKeys.rows(self.sql)
        let kek = try await InstallationKeys.keyEncryptionKey(for: rows, from: source)
        let generations = rows.filter { $0.purpose == "data" }.map(\.generation)
        if generations.count == 1, let current = generations.first {
            try await self.transaction { db in
                try await InstallationKeys.insert(purpose: "data", generation: current + 1, key: SymmetricKey(size: .bits256), under: kek, on: db)
                for table in Sealed.tables {
                    try await db.raw(
                        "INSERT INTO sealing_progress (table_name, mode) VALUES (\(bind: table.name), 'rotate') ON CONFLICT (table_name) DO NOTHING"
                    ).run()
                }
            }
        }
        var keyring = try InstallationKeys.keyring(try await InstallationKeys.rows(self.sql), kek: kek)
        self.replaceKeyring(keyring)
        guard try await Resealing.run(self, keyring: keyring, maxBatches: maxBatches, progress: progress) else { return false }
        let current = keyring.generation
        try await self.transaction { db in
            try await db.raw("DELETE FROM installation_keys WHERE purpose = 'data' AND generation < \(bind: current)").run()
        }
        keyring = try InstallationKeys.keyring(try await InstallationKeys.rows(self.sql), kek: kek)
        self.replaceKeyring(keyring)
        return true
    }

    /// Walks the whole audit chain and records what it found (`AuditChain.verify`).
    public func verifyAuditChain(now: Date) async throws -> AuditChain.Verification {
        try await AuditChain.verify(self, keyring: try self.keyring(), now: now)
    }
}
