/// A binary min-heap of events ordered by time, then by the order they were pushed: the
/// same inputs always pop in the same order.
struct EventHeap {
  struct Event {
    var time: Double
    var sequence: Int
    /// A command slot completing, or -1 for a wake-up (the front end or a unit freeing).
    var slot: Int
  }

  private(set) var items: [Event] = []
  private var pushed = 0

  var isEmpty: Bool { items.isEmpty }

  mutating func push(_ time: Double, slot: Int) {
    items.append(Event(time: time, sequence: pushed, slot: slot))
    pushed += 1
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard less(items[child], items[parent]) else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Event? {
    guard let top = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count, less(items[left], items[smallest]) { smallest = left }
        if right < items.count, less(items[right], items[smallest]) { smallest = right }
        if smallest == parent { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return top
  }

  /// Moves every pending event `cycles` later (extrapolation): order is unchanged.
  mutating func shift(by cycles: Double) {
    for index in items.indices { items[index].time += cycles }
  }

  private func less(_ a: Event, _ b: Event) -> Bool {
    a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
  }
}
