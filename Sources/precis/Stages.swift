import ArgumentParser
import PrecisCore
import PrecisStages

/// `precis stages`: every stage type with its options.
struct Stages: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stages",
    abstract: "List every stage type with its options, defaults and help.")

  func run() throws {
    Console.write(PrecisStages.registry.listing())
  }
}
