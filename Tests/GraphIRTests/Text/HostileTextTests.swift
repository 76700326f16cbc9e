import GraphIR
import Testing

/// Hostile textual IR found in review: each once trapped (overflow, bad index); now an error.
struct HostileTextTests {
  static func graph(_ input: String, _ node: String) -> String {
    "graph \"g\" {\n  input %x: \(input)\n  node \"n\" = \(node)\n  output %y\n}\n"
  }

  static let cases: [(String, String)] = [
    ("f32[1]", #"concat(%x, %x) -> (%y: f32[2]) {"axis":-1}"#),
    ("f32[9223372036854775807]", #"concat(%x, %x) -> (%y: f32[1]) {"axis":0}"#),
    ("f32[1]", #"flatten(%x) -> (%y: f32[1,1]) {"axis":-1}"#),
    ("f32[1]", #"pad(%x) -> (%y: f32[1]) {"mode":"constant","pads":[0,9223372036854775807],"value":0}"#),
    ("f32[1]", #"slice(%x) -> (%y: f32[1]) {"axes":[0],"starts":[0],"ends":[1],"steps":[9223372036854775807]}"#),
    ("f32[1]", #"split(%x) -> (%y: f32[1]) {"axis":-1,"sizes":[1]}"#),
    ("f32[1]", #"squeeze(%x) -> (%y: f32[]) {"axes":[-1]}"#),
    ("f32[1,8,2,2]", #"depthToSpace(%x) -> (%y: f32[1]) {"blockSize":4294967296,"columnRowDepth":false}"#),
  ]

  @Test(arguments: cases)
  func rejectedWithoutTrapping(_ input: String, _ node: String) {
    #expect(throws: IRError.self) { try GraphParser.parse(Self.graph(input, node)) }
  }

  @Test func aLongChainParsesInLinearTime() throws {
    var text = "graph \"g\" {\n  input %v0: f32[4]\n"
    for i in 1...5_000 { text += "  node \"n\(i)\" = relu(%v\(i - 1)) -> (%v\(i): f32[4])\n" }
    text += "  output %v5000\n}\n"
    let clock = ContinuousClock()
    let start = clock.now
    #expect(try GraphParser.parse(text).nodes.count == 5_000)
    // Loose bound: the quadratic version took over 30 s; linear parsing takes well under 1 s.
    #expect(clock.now - start < .seconds(10))
  }
}
