@testable import TandemCore

/// The field errors `body` throws; empty when it succeeds or fails otherwise.
func fieldErrors(_ body: () throws -> Any) -> [FieldError] {
    do {
        _ = try body()
        return []
    } catch {
        if case .validation(let errors) = error as? TandemError { return errors }
        return []
    }
}
