import ArgumentParser
import Foundation
import PrecisCore

/// The `precis` command: a thin layer over the pipeline library.
struct Precis: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "precis",
    abstract: "Turn foreign-language news articles into short English-facing briefs.",
    discussion: """
      Precis runs the stages declared in a pipeline file (pipeline.yaml): normalize, segment \
      into sentences with ICU, translate key terms with a glossary, summarize by sentence \
      scoring, render. Exit codes: 0 success, 1 bad input, 2 bad configuration or usage.
      """,
    version: PrecisVersion.string,
    subcommands: [
      TranslateAndSummarize.self, BatchCommand.self, Segment.self, Terms.self, Explain.self, Run.self,
      Diff.self,
      Regress.self, Validate.self, Eval.self, Bench.self, Stages.self,
    ],
    defaultSubcommand: nil)
}

/// The version printed by `--version` and recorded in traces.
enum PrecisVersion {
  static let number = "0.1.0"
  static var string: String { "precis \(number) (ICU \(ICUError.libraryVersion))" }
}

@main
enum Main {
  static func main() {
    do {
      var command = try Precis.parseAsRoot()
      try command.run()
    } catch let error as any PrecisError {
      Console.report(error.diagnostics)
      exit(error.kind == .input ? 1 : 2)
    } catch let error as ExitCode {
      exit(error.rawValue)
    } catch {
      let code = Precis.exitCode(for: error)
      let message = Precis.fullMessage(for: error)
      if code == .success {
        Console.write(message + "\n")
        exit(0)
      }
      Console.error(message)
      exit(code.rawValue == 64 ? 2 : code.rawValue)
    }
  }
}
