import Foundation
import TandemApp
import TandemCore

struct PortalHomePage: PageModel {
    static let template = "portal"
    struct Upcoming: Sendable {
        let when: String
        let intentionAction: String
        let intention: String
        let intentionError: String?
    }
    struct Past: Sendable {
        let when: String
        let clientWords: String?
        let focus: String?
        let clientTakeaways: [String]
        let sharedTakeaways: [String]
    }
    struct Step: Sendable {
        let id: String
        let text: String
        let due: String?
        let checkAction: String
        let options: [ChoiceField.Option]
        let note: String
        let current: String?
    }
    struct Measure: Sendable {
        let href: String
        let label: String
    }
    let shell: Shell
    let clientName: String
    let practitioner: String
    let role: String
    let goals: [String]
    let zone: String
    let hasUpcoming: Bool
    let upcoming: [Upcoming]
    let hasMeasures: Bool
    let measures: [Measure]
    let hasSteps: Bool
    let steps: [Step]
    let hasPast: Bool
    let past: [Past]
    let progressHref: String?
    let errorSummary: ErrorSummary?
}
