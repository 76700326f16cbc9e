import Foundation

/// A file written in pieces through a buffer (streams of commands or trace events that never
/// sit in memory whole). Opening fails with one line naming the flag and the path.
public final class OutputFile {
  public let path: String
  private let handle: FileHandle
  private var buffer = Data()
  private static let flushBytes = 1 << 20

  public init(_ path: String, flag: String) throws(CompileError) {
    self.path = path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CompileError("\(flag) \(path): is a directory")
    }
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
    else {
      throw CompileError("\(flag) \(path): cannot create the file")
    }
    self.handle = handle
    buffer.reserveCapacity(Self.flushBytes * 2)
  }

  public func write(_ text: String) throws(CompileError) {
    var text = text
    text.withUTF8 { buffer.append(contentsOf: $0) }
    if buffer.count >= Self.flushBytes { try flush() }
  }

  public func flush() throws(CompileError) {
    guard !buffer.isEmpty else { return }
    do { try handle.write(contentsOf: buffer) } catch {
      throw CompileError("\(path): cannot write (\(error.localizedDescription))")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  public func close() throws(CompileError) {
    try flush()
    try? handle.close()
  }
}
