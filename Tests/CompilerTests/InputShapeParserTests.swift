import Compiler
import GraphIR
import Testing

struct InputShapeParserTests {
  @Test func parsesBindings() throws {
    let shapes = try InputShapeParser.parse(["input=1x3x224x224", "ids=1,128", "a=b=2X3"])
    #expect(shapes == ["input": [1, 3, 224, 224], "ids": [1, 128], "a=b": [2, 3]])
  }

  @Test func emptyDimensionsMeanAScalar() throws {
    #expect(try InputShapeParser.parse(["s="]) == ["s": []])
  }

  @Test(arguments: ["input", "=1x2", "x=1x0", "x=1xx2", "x=-1", "x=1e3", "x=99999999999"])
  func rejectsBadBindings(_ binding: String) {
    #expect(throws: InputShapeParser.ParseError.self) { try InputShapeParser.parse([binding]) }
  }

  @Test func rejectsTwoBindingsOfOneInput() {
    #expect(throws: InputShapeParser.ParseError.self) { try InputShapeParser.parse(["x=1", "x=2"]) }
  }
}
