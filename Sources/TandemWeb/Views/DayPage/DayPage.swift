import Foundation
import TandemApp
import TandemCore

struct DayPage: PageModel {
    static let template = "today"
    struct Row: Sendable {
        let time: String
        let href: String
        let client: String
        let role: String
        let length: String
        let status: String
        let statusClass: String
    }
    let shell: Shell
    let heading: String
    let zone: String
    let previousHref: String
    let nextHref: String
    let hasRows: Bool
    let rows: [Row]
    /// The viewer's open alerts, safety first, above the day.
    var safetyAlerts: [AlertCard] = []
    /// Her ended sessions still without a signed note, oldest first.
    var notesToSign: [NoteToSign] = []
    var notesMore: String? = nil
    /// Her signed notes a supervisor returned with a comment, still unanswered.
    var notesReturned: [ListedNote] = []
    var returnedMore: String? = nil
    /// A supervisor's: her supervisees' signed notes awaiting co-signature.
    var notesAwaiting: [ListedNote] = []
    var awaitingMore: String? = nil

    /// "12 in all; the oldest are shown." when a list shows only some.
    static func more<T>(_ list: (notes: [T], total: Int)) -> String? {
        list.total > list.notes.count ? "\(list.total) in all; the oldest are shown." : nil
    }

    /// A signed note in a list: the client, the session and who holds it.
    struct ListedNote: Sendable {
        let href: String
        let client: String
        let when: String
        let practitioner: String

        static func rows(_ notes: [TandemApp.ListedNote], zone: TimeZone) -> [ListedNote] {
            notes.map { n in
                ListedNote(
                    href: SiteURL.note(n.noteID).path, client: n.item.clientName, when: Formats.dateTime(n.item.session.scheduledAt, in: zone),
                    practitioner: n.practitionerName)
            }
        }
    }

    struct NoteToSign: Sendable {
        let href: String
        let client: String
        let when: String
        let age: String
        let state: String
        /// Past 72 hours: shown as a warning.
        let overdue: Bool

        static let overdueHours = 72

        static func rows(_ notes: [UnsignedNote], now: Date, zone: TimeZone) -> [NoteToSign] {
            notes.map { n in
                let s = n.item.session
                let ended = s.endedAt ?? s.scheduledAt
                let hours = max(0, Int(now.timeIntervalSince(ended) / 3600))
                let age = hours < 1 ? "under an hour" : hours < 48 ? "\(hours) hour\(hours == 1 ? "" : "s")" : "\(hours / 24) days"
                return NoteToSign(
                    href: SiteURL.session(s.id).path + "#note", client: n.item.clientName, when: Formats.dateTime(s.scheduledAt, in: zone),
                    age: age + " since the session", state: n.hasDraft ? "Draft started" : "Not drafted",
                    overdue: hours >= Self.overdueHours)
            }
        }
    }
}
