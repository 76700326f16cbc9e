/// Why a graph could not be scheduled, or why a schedule is invalid: every problem found,
/// each naming its kernel.
public struct ScheduleError: Error, CustomStringConvertible, Hashable, Sendable {
  public var problems: [String]

  public init(_ problems: [String]) { self.problems = problems }

  public init(_ problem: String) { problems = [problem] }

  public var description: String { problems.joined(separator: "\n") }
}
