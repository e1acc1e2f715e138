import Foundation

/// Runs the built `precis` executable for end-to-end tests.
public enum PrecisProcess {
  /// What a run of `precis` gave.
  public struct Result: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
  }

  /// The `precis` binary next to the running test bundle.
  public static var executable: String? {
    var candidates: [String] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().path)
    }
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
    candidates.append(Golden.packageRoot + "/.build/debug")
    for folder in candidates {
      var url = URL(fileURLWithPath: folder)
      for _ in 0..<4 {
        let path = url.appendingPathComponent("precis").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        url.deleteLastPathComponent()
      }
    }
    return nil
  }

  /// Runs `precis` (or the copy of it at `binary`) with `arguments` in `directory`, feeding
  /// `stdin` (or giving it the open file `standardInput` as its standard input), with
  /// `environment` added to this process's.
  public static func run(
    _ arguments: [String], in directory: String = Golden.packageRoot, stdin: Data? = nil,
    standardInput: FileHandle? = nil, environment added: [String: String] = [:], binary: String? = nil
  ) throws -> Result {
    guard let executable = binary ?? executable else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "precis binary not built"])
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["PRECIS_PIPELINE"] = nil
    environment["NO_COLOR"] = "1"
    environment.merge(added) { $1 }
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = standardInput ?? input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes while the process runs, so a large output cannot block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      outData = output.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    errData = errors.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
