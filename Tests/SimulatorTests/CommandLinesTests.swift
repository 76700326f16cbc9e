import Foundation
import Scheduler
import Testing

struct CommandLinesTests {
  static func lines(_ stream: CommandStream) -> (lines: [String], count: Int) {
    var text = ""
    let count = CommandLines.write(stream) { text += $0 }
    return (text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), count)
  }

  @Test func headerKernelAndCommandLinesInProgramOrder() throws {
    let stream = TraceStreams.stream(iterations: 3, kernels: 2)
    let (lines, count) = Self.lines(stream)
    #expect(count == stream.kernels.reduce(0) { $0 + $1.commandCount })
    #expect(lines.count == 1 + 2 + count)
    #expect(
      lines[0]
        == #"{"clock_mhz":500,"family":"gemmini","kernels":2,"queue_depths":{"execute":4,"load":4,"store":2},"target":"toy","type":"stream"}"#
    )
    #expect(lines[1] == #"{"index":0,"loops":[{"name":"tile.m","trips":3}],"name":"kernel0","type":"kernel"}"#)
    #expect(lines[2].contains(#""phase":"prologue""#) && !lines[2].contains("position"))
    #expect(
      lines[3]
        == #"{"bytes":4096,"cycles":0,"kernel":0,"kind":"load","mnemonic":"mvin","phase":"loop","position":[0],"queue":"load","reads":[],"tensor":"x \"q\"","type":"command","unit":"dma.load","writes":["scratchpad[0+4096]"]}"#
    )
    #expect(lines[6].contains(#""position":[1]"#))
    for line in lines {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(object["type"] != nil)
    }
  }

  @Test func numbersAndStringsAreValidJSON() {
    #expect(CommandLines.number(3) == "3")
    #expect(CommandLines.number(2.5) == "2.5")
    #expect(CommandLines.number(.infinity) == "null")
    #expect(CommandLines.quoted("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
  }
}
