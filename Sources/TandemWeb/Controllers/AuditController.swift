import Hummingbird
import TandemApp
import TandemCore

/// The owner's view of the audit log, newest first, 100 a page.
struct AuditController: Sendable {
    let services: AppServices

    static let pageSize = 100

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.audit.pattern)) { request, context in
            let account = context.account
            let before = request.uri.queryParameters.get("before").flatMap { Int64($0) }
            let (entries, chain) = try await self.services.app.accounts.auditLog(before: before, limit: Self.pageSize, for: account)
            let page = AuditPage(
                shell: try await self.services.shell("Audit log", context, current: .audit),
                chain: .init(chain, verifyHref: SiteURL.verifyAudit.path, zone: account.sessionDefaults.zone),
                rows: entries.map { entry in
                    let e = entry.event
                    return .init(
                        at: Formats.preciseDateTime(e.at, in: account.sessionDefaults.zone), who: entry.actorName ?? "—", action: e.action.rawValue,
                        record: [e.entityType, e.entityID.map { String($0.prefix(8)) }].compactMap { $0 }.joined(separator: " ")
                            + (e.detail.map { " (\($0))" } ?? ""),
                        outcome: e.outcome == .allowed ? "Allowed" : "Denied", outcomeClass: e.outcome.rawValue
                    )
                },
                nextHref: entries.count == Self.pageSize ? entries.last.map { SiteURL.audit.path + "?before=\($0.sequence)" } : nil
            )
            return try self.services.views.render(page)
        }
        router.post(RouterPath(SiteURL.verifyAudit.pattern)) { _, context in
            _ = try await self.services.app.accounts.verifyAuditChain(for: context.account)
            return Response.redirect(to: SiteURL.audit.path, type: .normal)
        }
    }
}
