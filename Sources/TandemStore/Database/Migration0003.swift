import TandemCore

extension Migrations {
    /// The live session (docs/MODEL.md §2 to §7): sessions with their phase plan and phase changes, markers,
    /// redirects, the question library (seeded), questions asked, takeaways, action steps, session addenda; and each
    /// practitioner's time zone and default phase shares.
    static func schema0003(_ d: Dialect) -> [String] {
        let phases = "'opening', 'work', 'closing'"
        return [
            "ALTER TABLE accounts ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64)",
            "ALTER TABLE accounts ADD COLUMN plan_opening_percent INTEGER NOT NULL DEFAULT 20 CHECK (plan_opening_percent BETWEEN 5 AND 40)",
            "ALTER TABLE accounts ADD COLUMN plan_closing_percent INTEGER NOT NULL DEFAULT 20 CHECK (plan_closing_percent BETWEEN 5 AND 40)",
            """
            CREATE TABLE sessions (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                scheduled_at \(d.timestamp) NOT NULL,
                length_minutes INTEGER NOT NULL CHECK (length_minutes BETWEEN 15 AND 180),
                plan_opening INTEGER NOT NULL CHECK (plan_opening >= 1),
                plan_work INTEGER NOT NULL CHECK (plan_work >= 1),
                plan_closing INTEGER NOT NULL CHECK (plan_closing >= 5),
                status TEXT NOT NULL CHECK (status IN ('scheduled', 'inProgress', 'completed', 'cancelled', 'noShow')),
                started_at \(d.timestamp),
                ended_at \(d.timestamp),
                agreement_client_words TEXT,
                agreement_focus TEXT,
                agreement_at \(d.timestamp),
                agreement_skip_reason TEXT,
                progress_notes TEXT,
                created_at \(d.timestamp) NOT NULL,
                CHECK (plan_opening + plan_work + plan_closing = length_minutes),
                CHECK ((status IN ('inProgress', 'completed')) = (started_at IS NOT NULL)),
                CHECK ((status = 'completed') = (ended_at IS NOT NULL)),
                CHECK ((agreement_client_words IS NULL) = (agreement_focus IS NULL))
            )
            """,
            "CREATE INDEX sessions_by_engagement ON sessions (engagement_id, scheduled_at)",
            "CREATE INDEX sessions_by_time ON sessions (scheduled_at)",
            """
            CREATE TABLE session_phases (
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                phase TEXT NOT NULL CHECK (phase IN (\(phases))),
                began_at \(d.timestamp) NOT NULL,
                PRIMARY KEY (session_id, phase)
            )
            """,
            """
            CREATE TABLE markers (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                kind TEXT NOT NULL CHECK (kind IN ('insight', 'cognition', 'affect', 'strength', 'reflection')),
                at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
                text TEXT CHECK (text IS NULL OR length(text) <= 500),
                named_by TEXT NOT NULL CHECK (named_by IN ('client', 'therapist')),
                highlighted \(d.bool) NOT NULL,
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX markers_by_session ON markers (session_id, at_seconds)",
            """
            CREATE TABLE redirects (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
                note TEXT CHECK (note IS NULL OR length(note) <= 500),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX redirects_by_session ON redirects (session_id, at_seconds)",
            """
            CREATE TABLE questions (
                id \(d.uuid) PRIMARY KEY,
                phase TEXT NOT NULL CHECK (phase IN (\(phases))),
                purpose TEXT NOT NULL CHECK (purpose IN ('clarifyGoal', 'raiseStakes', 'findStrength', 'moveToAction', 'consolidate')),
                text TEXT NOT NULL CHECK (length(text) BETWEEN 5 AND 300),
                owner_id \(d.uuid) REFERENCES accounts (id)
            )
            """,
            "CREATE INDEX questions_by_owner ON questions (owner_id, phase)",
            """
            CREATE TABLE questions_asked (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                question_id \(d.uuid) NOT NULL REFERENCES questions (id),
                at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX questions_asked_by_session ON questions_asked (session_id, at_seconds)",
            """
            CREATE TABLE takeaways (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
                source TEXT NOT NULL CHECK (source IN ('client', 'therapist')),
                permission_asked \(d.bool) NOT NULL,
                at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
                recorded_at \(d.timestamp) NOT NULL,
                CHECK (source = 'client' OR permission_asked = \(d.trueLiteral))
            )
            """,
            "CREATE INDEX takeaways_by_session ON takeaways (session_id, recorded_at)",
            """
            CREATE TABLE action_steps (
                id \(d.uuid) PRIMARY KEY,
                engagement_id \(d.uuid) NOT NULL REFERENCES engagements (id),
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
                due TEXT CHECK (due IS NULL OR length(due) = 10),
                created_at \(d.timestamp) NOT NULL,
                review_status TEXT CHECK (review_status IS NULL OR review_status IN ('done', 'partly', 'notDone', 'dropped')),
                review_client_words TEXT,
                reviewed_at \(d.timestamp),
                reviewed_in_session_id \(d.uuid) REFERENCES sessions (id),
                CHECK ((review_status IS NULL) = (reviewed_at IS NULL))
            )
            """,
            "CREATE INDEX action_steps_by_engagement ON action_steps (engagement_id, created_at)",
            "CREATE INDEX action_steps_by_session ON action_steps (session_id)",
            """
            CREATE TABLE session_addenda (
                id \(d.uuid) PRIMARY KEY,
                session_id \(d.uuid) NOT NULL REFERENCES sessions (id),
                text TEXT NOT NULL CHECK (length(text) >= 5),
                recorded_by \(d.uuid) NOT NULL REFERENCES accounts (id),
                recorded_at \(d.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX session_addenda_by_session ON session_addenda (session_id, recorded_at)",
        ]
            + d.forbidChanges(on: "session_addenda")
            + QuestionLibrary.questions.map { q in
                let text = q.text.replacingOccurrences(of: "'", with: "''")
                let id = d.literal(q.id.uuid)
                return "INSERT INTO questions (id, phase, purpose, text) VALUES (\(id), '\(q.phase.rawValue)', '\(q.purpose.rawValue)', '\(text)')"
            }
    }
}
