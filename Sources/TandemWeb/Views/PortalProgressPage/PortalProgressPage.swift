import Foundation
import TandemApp
import TandemCore

/// The client's own view of the same charts in the portal: no forms, no links to the practitioner side.
struct PortalProgressPage: PageModel {
    static let template = "portal-progress"
    let shell: Shell
    let page: ProgressPage
}

extension PortalProgressPage {
    /// The client's own progress page: the practitioner's page without its forms.
    static func make(_ view: EngagementView, _ picture: ProgressPicture, zone: TimeZone, shell: Shell) -> PortalProgressPage {
        PortalProgressPage(shell: shell, page: ProgressPage.make(view, picture, zone: zone, shell: shell, instruments: [], values: [:], errors: []))
    }
}
