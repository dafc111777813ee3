import Foundation

/// Password rules, after NIST SP 800-63B: length over composition, and a refusal list of common passwords.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// Long passphrases are welcome (the hash reads every byte); the limit only keeps a request's work bounded.
    public static let maximumLength = 256

    /// Every rule the password breaks, as messages; empty when it is acceptable.
    public static func problems(_ password: String, email: String = "", name: String = "") -> [String] {
        if password.isEmpty { return ["Password is required."] }
        var problems: [String] = []
        if password.unicodeScalars.count < minimumLength {
            problems.append("Password must be at least \(minimumLength) characters (it has \(password.unicodeScalars.count)).")
        }
        if password.unicodeScalars.count > maximumLength {
            problems.append("Password must be at most \(maximumLength) characters (it has \(password.unicodeScalars.count)).")
        }
        if password.unicodeScalars.contains(where: TextRule.isControl) {
            problems.append("Password must not contain control characters (such as NUL, a tab or a line break).")
        }
        let folded = password.lowercased()
        if CommonPasswords.contains(folded) || isMonotonous(folded) {
            problems.append("Password is too common or too easy to guess; choose another.")
        } else if !email.isEmpty, let local = email.split(separator: "@").first, local.count >= 4, folded.contains(local.lowercased()) {
            problems.append("Password must not contain your email address.")
        }
        return problems
    }

    /// At most two distinct characters, or a run along a sequence people type without thinking: consecutive digits
    /// ("123456789012", wrapping 9 to 0), the alphabet, or a keyboard row, forwards or backwards.
    static func isMonotonous(_ text: String) -> Bool {
        if Set(text).count <= 2 { return true }
        let runs = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm"]
        return runs.contains { run in
            let cycle = String(repeating: run, count: text.count / run.count + 2)
            return cycle.contains(text) || String(cycle.reversed()).contains(text)
        }
    }
}

/// The refusal list, shipped as a resource (one lower-case password a line).
enum CommonPasswords {
    static let list: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("common-passwords.txt is missing from TandemCore's resources") }
        return Set(
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
                !$0.isEmpty && !$0.hasPrefix("#")
            })
    }()

    static func contains(_ folded: String) -> Bool { list.contains(folded) }
}
