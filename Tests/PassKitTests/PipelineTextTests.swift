import PassKit
import Testing

struct PipelineTextTests {
  @Test(arguments: [
    "canonicalize",
    "canonicalize,fold-batchnorm,fuse{max-ops=4},quantize{mode=int8},layout,tile{search=exhaustive}",
    "quantize{mode=int8 calibration=minmax samples=16}",
  ])
  func canonicalTextRoundTrips(_ text: String) throws {
    let pipeline = try PipelineText.parse(text)
    #expect(pipeline.description == text)
    #expect(try PipelineText.parse(pipeline.description) == pipeline)
  }

  @Test func filesMayHaveCommentsNewlinesAndCommasInOptions() throws {
    let file = """
      # the default pipeline
      canonicalize
      fuse{max-ops=4, mode=greedy}   # fusion
      tile
      """
    #expect(try PipelineText.parse(file).description == "canonicalize,fuse{max-ops=4 mode=greedy},tile")
  }

  @Test(arguments: [
    ("fuse{max-ops}", 13, "expected '=' after option 'max-ops' of 'fuse'"),
    ("fuse{max-ops=4", 15, "missing '}'"),
    ("a,,{", 4, "expected a name"),
    ("fuse{x=1 x=2}", 10, "given twice"),
    ("fuse tile", 6, "expected ',' between passes"),
  ])
  func syntaxErrorsNameThePosition(_ text: String, _ position: Int, _ message: String) {
    #expect {
      try PipelineText.parse(text)
    } throws: { error in
      guard let error = error as? PipelineText.ParseError else { return false }
      return error.position == position && error.message.contains(message)
    }
  }
}
