import ArgumentParser
import Foundation
import PrecisCore

/// `precis diff`: what changed between two traced documents.
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changed between two traced documents of the same article.",
    discussion: """
      Compares two files written by 'precis run --trace' (or 'precis run' without render): \
      sentences split or merged, glossary terms added, lost or rendered otherwise, scores that \
      moved and the summary's sentences. Exit status 0 when they agree, 1 when they differ, \
      2 when a file cannot be read or is no Precis document (as diff(1) and cmp say trouble, \
      so that a script can tell it from a difference).

      Example: precis diff before/04-summarize.json after/04-summarize.json
      """)

  @Argument(help: ArgumentHelp("The first document.", valueName: "a.json"))
  var first: String

  @Argument(help: ArgumentHelp("The second document.", valueName: "b.json"))
  var second: String

  func run() throws {
    let documents: [Document]
    do {
      documents = try [first, second].map { path -> Document in
        let bytes = try DescriptorReader.readFile(
          path, notes: ["pass two files written by 'precis run --trace DIR'"])
        return try DocumentJSON.decode(Data(bytes), file: path)
      }
    } catch let error as any PrecisError {
      // (Status 1 means that the documents differ.)
      Console.report(error.diagnostics)
      throw ExitCode(2)
    }
    let lines = DocumentDiff.lines(from: documents[0], to: documents[1])
    guard !lines.isEmpty else {
      Console.write("no difference\n")
      return
    }
    Console.write(lines.joined(separator: "\n") + "\n")
    throw ExitCode(1)
  }
}
