/// A fixed-capacity ring of values, preallocated at init: pushing never allocates.
/// When full, the oldest value is dropped.
struct RingBuffer<Element>: Sendable where Element: Sendable {
    private var storage: ContiguousArray<Element>
    private var head = 0          // index of the oldest element
    private(set) var count = 0

    init(capacity: Int, filler: Element) {
        storage = ContiguousArray(repeating: filler, count: max(1, capacity))
    }

    var capacity: Int { storage.count }
    var isEmpty: Bool { count == 0 }

    mutating func push(_ value: Element) {
        if count < storage.count {
            storage[(head + count) % storage.count] = value
            count += 1
        } else {
            storage[head] = value
            head = (head + 1) % storage.count
        }
    }

    /// Element `i` counted from the oldest (0) to the newest (count - 1).
    subscript(i: Int) -> Element {
        storage[(head + i) % storage.count]
    }

    var last: Element? { count == 0 ? nil : self[count - 1] }

    mutating func removeAll() {
        head = 0
        count = 0
    }

    mutating func removeFirst() {
        guard count > 0 else { return }
        head = (head + 1) % storage.count
        count -= 1
    }
}
