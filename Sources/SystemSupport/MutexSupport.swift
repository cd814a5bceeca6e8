import Synchronization

/// `Synchronization.Mutex` is the one lock. A `Mutex<Void>` only serialises calls into something
/// that is not thread-safe itself (a libgpiod chip); this lets its critical sections return any
/// value and throw typed errors, without `sending` results.
extension Mutex where Value == Void {
    public borrowing func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        var outcome: Swift.Result<Result, Failure>?
        withLock { (_: inout Void) -> Void in
            outcome = Swift.Result { () throws(Failure) -> Result in try body() }
        }
        switch outcome {
        case .success(let value)?: return value
        case .failure(let error)?: throw error
        case nil: preconditionFailure("Mutex.withLock did not run its body")
        }
    }
}
