/// Every column that holds ciphertext, by table: each identifying field and each clinical free text. A table's
/// rows are sealed under their `id`. `permanent` tables refuse UPDATE by trigger; re-sealing lifts the trigger inside
/// its own transaction and puts it back before it commits.
struct SealedTable: Sendable {
    let name: String
    let columns: [String]
    let permanent: Bool

    func field(_ column: String) -> SealedField { SealedField(self.name, column) }
}

enum Sealed {
    static let clients = SealedTable(name: "clients", columns: ["display_name", "email", "phone", "date_of_birth"], permanent: false)
    static let engagements = SealedTable(name: "engagements", columns: ["goals", "paused_reason"], permanent: false)
    static let screenings = SealedTable(name: "screenings", columns: ["safety_flags", "reasons", "override_reason"], permanent: false)
    static let crossings = SealedTable(name: "boundary_crossings", columns: ["rationale", "client_response"], permanent: true)
    static let incidents = SealedTable(name: "boundary_incidents", columns: ["description"], permanent: true)
    static let boundaryAddenda = SealedTable(name: "boundary_addenda", columns: ["text"], permanent: true)
    static let sessions = SealedTable(
        name: "sessions", columns: ["agreement_client_words", "agreement_focus", "agreement_skip_reason", "progress_notes", "client_intention"],
        permanent: false)
    static let markers = SealedTable(name: "markers", columns: ["text"], permanent: false)
    static let redirects = SealedTable(name: "redirects", columns: ["note"], permanent: false)
    static let takeaways = SealedTable(name: "takeaways", columns: ["text"], permanent: false)
    static let actionSteps = SealedTable(name: "action_steps", columns: ["text", "review_client_words", "client_note"], permanent: false)
    static let sessionAddenda = SealedTable(name: "session_addenda", columns: ["text"], permanent: true)
    static let administrations = SealedTable(name: "administrations", columns: ["answers", "band", "risk_flags"], permanent: true)
    static let goalScales = SealedTable(
        name: "goal_scales", columns: ["goal", "level_minus2", "level_minus1", "level_0", "level_plus1", "level_plus2"], permanent: false)

    static let clientAccounts = SealedTable(name: "client_accounts", columns: ["email"], permanent: false)
    static let secondFactors = SealedTable(name: "second_factors", columns: ["secret"], permanent: false)
    static let alerts = SealedTable(name: "alerts", columns: ["review_note"], permanent: false)
    static let noteDrafts = SealedTable(name: "note_drafts", columns: ["sections"], permanent: false)
    static let signedNotes = SealedTable(name: "signed_notes", columns: ["sections"], permanent: true)
    static let noteAddenda = SealedTable(name: "note_addenda", columns: ["text"], permanent: true)
    static let psychotherapyNotes = SealedTable(name: "psychotherapy_notes", columns: ["text"], permanent: false)
    static let consents = SealedTable(name: "consents", columns: ["typed_name"], permanent: false)
    static let noteReviews = SealedTable(name: "note_reviews", columns: ["comment"], permanent: true)

    static let tables: [SealedTable] = [
        clients, clientAccounts, engagements, screenings, crossings, incidents, boundaryAddenda, sessions, markers, redirects, takeaways, actionSteps,
        sessionAddenda, administrations, goalScales, secondFactors, alerts, noteDrafts, signedNotes, noteAddenda,
        psychotherapyNotes, consents, noteReviews,
    ]

    // The fields by name, for the gateways.
    static let clientName = clients.field("display_name")
    static let clientEmail = clients.field("email")
    static let clientPhone = clients.field("phone")
    static let clientBirth = clients.field("date_of_birth")
    static let portalEmail = clientAccounts.field("email")
    static let totpSecret = secondFactors.field("secret")
    static let alertReview = alerts.field("review_note")
    static let draftSections = noteDrafts.field("sections")
    static let signedSections = signedNotes.field("sections")
    static let noteAddendum = noteAddenda.field("text")
    static let psychotherapyText = psychotherapyNotes.field("text")
    static let consentName = consents.field("typed_name")
    static let reviewComment = noteReviews.field("comment")
    static let goals = engagements.field("goals")
    static let pausedReason = engagements.field("paused_reason")
    static let safetyFlags = screenings.field("safety_flags")
    static let screeningReasons = screenings.field("reasons")
    static let overrideReason = screenings.field("override_reason")
    static let crossingRationale = crossings.field("rationale")
    static let crossingResponse = crossings.field("client_response")
    static let incidentDescription = incidents.field("description")
    static let boundaryAddendum = boundaryAddenda.field("text")
    static let agreementWords = sessions.field("agreement_client_words")
    static let agreementFocus = sessions.field("agreement_focus")
    static let agreementSkip = sessions.field("agreement_skip_reason")
    static let progressNotes = sessions.field("progress_notes")
    static let intention = sessions.field("client_intention")
    static let markerText = markers.field("text")
    static let redirectNote = redirects.field("note")
    static let takeawayText = takeaways.field("text")
    static let stepText = actionSteps.field("text")
    static let stepReview = actionSteps.field("review_client_words")
    static let stepClientNote = actionSteps.field("client_note")
    static let sessionAddendum = sessionAddenda.field("text")
    static let answers = administrations.field("answers")
    static let band = administrations.field("band")
    static let riskFlags = administrations.field("risk_flags")
    static let goal = goalScales.field("goal")
    static let levels = ["level_minus2", "level_minus1", "level_0", "level_plus1", "level_plus2"].map { goalScales.field($0) }
}
