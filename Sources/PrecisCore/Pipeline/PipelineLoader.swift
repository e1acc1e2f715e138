import Foundation
import Yams

/// A command-line setting that overrides one option of every stage of a type
/// (`--sentences 2` sets `sentences` on `summarize`).
public struct OptionOverride: Sendable {
  /// The stage type the option belongs to.
  public var stageType: String
  /// The option's name.
  public var option: String
  /// The value as typed.
  public var value: String
  /// How the user wrote it, for messages (`--sentences`).
  public var origin: String

  /// Creates an override.
  public init(stageType: String, option: String, value: String, origin: String) {
    self.stageType = stageType
    self.option = option
    self.value = value
    self.origin = origin
  }
}

/// Reads and checks a pipeline file: YAML syntax, keys, stage types, option types and ranges,
/// lexicon files, stage order and ids. Every problem is reported at once with its
/// line:column, before any text is read.
public struct PipelineLoader: Sendable {
  /// The pipeline file versions this Precis reads.
  public static let supportedVersions = 1...1
  /// The keys allowed at the top of a pipeline file.
  static let topLevelKeys = ["version", "description", "language", "stages"]
  /// The keys of the `language` mapping.
  static let languageKeys = ["source", "target", "detect", "recognize"]

  /// The stage types a pipeline may name.
  public var registry: StageRegistry

  /// Creates a loader for the stages in `registry`.
  public init(registry: StageRegistry) { self.registry = registry }

  /// Loads the pipeline file at `path` (as the user typed it). `sourceLanguage` replaces the
  /// file's source language (`--language`); `through` keeps only the stages up to the first one
  /// that produces that layer, so later stages are neither checked nor built.
  public func load(
    file path: String, overrides: [OptionOverride] = [], sourceLanguage: String? = nil,
    through: Layer? = nil
  ) throws -> Pipeline {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw PipelineError([
        Diagnostic(
          .error, "cannot read pipeline file '\(path)': no such file",
          notes: ["pass an existing file with --pipeline, or run from the folder that holds it"])
      ])
    }
    guard !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      throw PipelineError([
        Diagnostic(
          .error,
          "cannot read pipeline file '\(path)'"
            + (isDirectory.boolValue ? ": it is a directory" : ""),
          notes: ["--pipeline takes a YAML file such as pipeline.yaml"])
      ])
    }
    guard let yaml = String(validating: data, as: UTF8.self) else {
      throw PipelineError([
        Diagnostic(.error, "pipeline file '\(path)' is not UTF-8 text")
      ])
    }
    return try load(
      yaml: yaml, file: path, baseDirectory: FilePath.directory(of: path), overrides: overrides,
      sourceLanguage: sourceLanguage, through: through)
  }

  /// Loads a pipeline from YAML text. `file` names it in messages; relative lexicon paths
  /// resolve against `baseDirectory`.
  public func load(
    yaml: String, file: String, baseDirectory: String, overrides: [OptionOverride] = [],
    sourceLanguage: String? = nil, through: Layer? = nil
  ) throws -> Pipeline {
    if sourceLanguage == PipelineLoader.autoLanguage {
      return try loadRouting(
        yaml: yaml, file: file, baseDirectory: baseDirectory, overrides: overrides, through: through)
    }
    if let sourceLanguage, !sourceLanguage.isLanguageCode {
      throw PipelineError([
        Diagnostic(
          .error, "'\(sourceLanguage)' is not a language code",
          notes: [
            "pass a code of two or three lowercase letters, such as 'fr' or 'en', or 'auto' to guess each "
              + "article's"
          ])
      ])
    }
    var checker = Checker(
      registry: registry, file: file, lines: yaml.splitLines(), baseDirectory: baseDirectory)
    let root: Node?
    do {
      // The basic resolver tags every scalar as a string, which is how they are read here;
      // the default one compiles a dozen regular expressions first (milliseconds at every start).
      // (The encoding is given: Yams's default reads the environment, and prints to standard
      // output when YAMS_DEFAULT_ENCODING is set. The nodes are read as they are, never made
      // into Swift values: a constructor without maps spares building the default one's.)
      root = try Yams.compose(yaml: yaml, .basic, Constructor([:], [:], [:]), .utf8)
    } catch let error as YamlError {
      checker.report(yamlError: error)
      throw PipelineError(checker.diagnostics)
    }
    guard
      let pipeline = checker.check(
        root: root, overrides: overrides, sourceLanguage: sourceLanguage, through: through),
      checker.diagnostics.isEmpty
    else {
      throw PipelineError(checker.diagnostics)
    }
    return pipeline
  }
}

/// The state of one load: the file's lines and every problem found so far.
private struct Checker {
  let registry: StageRegistry
  let file: String
  let lines: [Substring]
  let baseDirectory: String
  var diagnostics: [Diagnostic] = []
  /// The source language of this load, once known, and whether it was given (`--language`)
  /// rather than read from the file.
  var sourceLanguage: String?
  var sourceLanguageGiven = false
  /// The stages declared and left out of the run (see `Stage.translates`).
  var leftOut: [Pipeline.LeftOut] = []
  /// The files not found that a path written with `{source}` named for `sourceLanguage`:
  /// the path written and its diagnostic, told as one (`reportLanguageMisses`).
  var languageMisses: [(path: String, diagnostic: Diagnostic)] = []

  init(registry: StageRegistry, file: String, lines: [Substring], baseDirectory: String) {
    self.registry = registry
    self.file = file
    self.lines = lines
    self.baseDirectory = baseDirectory
  }

  func location(_ node: Node?) -> SourceLocation {
    guard let mark = node?.mark else { return SourceLocation(file: file) }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  mutating func error(_ message: String, at location: SourceLocation, notes: [String] = []) {
    diagnostics.append(
      Diagnostic(.error, message, at: location, notes: notes, sourceLine: sourceLine(at: location)))
  }

  /// The pipeline file's line `location` points at, shown under a diagnostic.
  func sourceLine(at location: SourceLocation) -> String? {
    guard let number = location.line, location.file == file, number >= 1, number <= lines.count else {
      return nil
    }
    return String(lines[number - 1])
  }

  mutating func error(_ message: String, at node: Node?, notes: [String] = []) {
    error(message, at: location(node), notes: notes)
  }

  mutating func report(yamlError: YamlError) {
    switch yamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var notes: [String] = []
      if let context {
        notes.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)")
      }
      notes.append("check the indentation and quoting near this place")
      error(
        "invalid YAML: \(problem)",
        at: SourceLocation(file: file, line: mark.line, column: mark.column), notes: notes)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? ""
      let first = context.mark
      // Yams marks the first occurrence; point at the repeated one when it can be found.
      var line = first.line
      var column = first.column
      // `lines` is 0-based: index `number` is line number+1.
      for number in min(first.line, lines.count)..<lines.count {
        let text = Array(lines[number].unicodeScalars)
        let start = first.column - 1
        if start >= 0, start < text.count,
          String(String.UnicodeScalarView(text[start...])).hasPrefix(key + ":"),
          text[..<start].allSatisfy({ $0 == " " || $0 == "-" })
        {
          line = number + 1
          column = first.column
          break
        }
      }
      error(
        "duplicate key '\(key)'", at: SourceLocation(file: file, line: line, column: column),
        notes: ["it is first set at line \(first.line); keep one of them"])
    case .reader(let problem, let offset, _, _):
      error(
        "invalid YAML: \(problem)" + (offset.map { " at byte \($0)" } ?? ""),
        at: SourceLocation(file: file))
    default:
      error("invalid YAML: \(yamlError)", at: SourceLocation(file: file))
    }
  }

  /// The mapping's pairs with string keys; reports non-string and duplicate keys.
  mutating func pairs(of mapping: Node.Mapping) -> [(key: String, keyNode: Node, value: Node)] {
    var seen: [String: Node] = [:]
    var result: [(key: String, keyNode: Node, value: Node)] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        error("keys must be plain words", at: keyNode)
        continue
      }
      if let first = seen[scalar.string] {
        error(
          "duplicate key '\(scalar.string)'", at: keyNode,
          notes: ["it is first set at line \(first.mark?.line ?? 0); keep one of them"])
        continue
      }
      seen[scalar.string] = keyNode
      result.append((scalar.string, keyNode, value))
    }
    return result
  }

  mutating func check(
    root: Node?, overrides: [OptionOverride], sourceLanguage: String?, through: Layer?
  ) -> Pipeline? {
    guard let root else {
      error(
        "the pipeline file is empty", at: SourceLocation(file: file),
        notes: ["start it with 'version: 1', a 'language:' mapping and a 'stages:' list"])
      return nil
    }
    guard case .mapping(let mapping) = root else {
      error(
        "the pipeline file must be a mapping with 'version', 'language' and 'stages'", at: root)
      return nil
    }
    var version: Int?
    var source = "fr"
    var target = "en"
    var stagesNode: Node?
    var detectNode: (path: String, node: Node)?
    var recognizeNode: (path: String, node: Node)?
    for (key, keyNode, value) in pairs(of: mapping) {
      switch key {
      case "version":
        guard let number = value.scalar.flatMap({ Int($0.string) }) else {
          error("'version' must be a whole number", at: value, notes: ["write 'version: 1'"])
          continue
        }
        guard PipelineLoader.supportedVersions.contains(number) else {
          error(
            "unsupported pipeline version \(number)", at: value,
            notes: [
              number > PipelineLoader.supportedVersions.upperBound
                ? "this Precis reads version 1; upgrade Precis or write 'version: 1'"
                : "write 'version: 1'"
            ])
          continue
        }
        version = number
      case "description":
        if value.scalar == nil { error("'description' must be a string", at: value) }
      case "language":
        guard case .mapping(let languages) = value else {
          error(
            "'language' must be a mapping", at: value,
            notes: ["write 'language: {source: fr, target: en}'"])
          continue
        }
        for (languageKey, languageKeyNode, languageValue) in pairs(of: languages) {
          guard PipelineLoader.languageKeys.contains(languageKey) else {
            error(
              "unknown key '\(languageKey)' in 'language'", at: languageKeyNode,
              notes: [
                Suggestion.note(for: languageKey, in: PipelineLoader.languageKeys, kind: "key")
              ])
            continue
          }
          if languageKey == "detect" || languageKey == "recognize" {
            let example =
              languageKey == "detect" ? "lexicons/{source}/stopwords.txt" : "lexicons/languages/{source}.txt"
            guard let path = languageValue.scalar?.string, path.contains("{source}") else {
              error(
                "'\(languageKey)' must be the path of a word list written with {source}", at: languageValue,
                notes: ["write '\(languageKey): \(example)'"])
              continue
            }
            if languageKey == "detect" {
              detectNode = (path, languageValue)
            } else {
              recognizeNode = (path, languageValue)
            }
            continue
          }
          guard let code = languageValue.scalar?.string, code.isLanguageCode else {
            error(
              "'\(languageKey)' must be a language code such as 'fr' or 'en'", at: languageValue)
            continue
          }
          if languageKey == "source" { source = code } else { target = code }
        }
      case "stages":
        stagesNode = value
      default:
        error(
          "unknown key '\(key)'", at: keyNode,
          notes: [Suggestion.note(for: key, in: PipelineLoader.topLevelKeys, kind: "key")])
      }
    }
    if let sourceLanguage { source = sourceLanguage }
    self.sourceLanguage = source
    sourceLanguageGiven = sourceLanguage != nil
    if mapping["version"] == nil {
      error("missing 'version'", at: root, notes: ["add 'version: 1' at the top of the file"])
    }
    guard let stagesNode else {
      error("missing 'stages'", at: root, notes: ["add a 'stages:' list; see 'precis stages'"])
      return nil
    }
    guard case .sequence(let stageNodes) = stagesNode, !stageNodes.isEmpty else {
      error(
        "'stages' must be a non-empty list of stages", at: stagesNode,
        notes: ["write each stage as '- id: NAME' with 'type:' and its options"])
      return nil
    }
    var declared: [DeclaredStage] = []
    var ids: [String: Node] = [:]
    for stageNode in stageNodes {
      guard let stage = checkStage(stageNode, source: source, target: target) else { continue }
      if let first = ids[stage.id] {
        error(
          "duplicate stage id '\(stage.id)'", at: stage.idNode ?? stage.typeNode,
          notes: ["the id is first used at line \(first.mark?.line ?? 0); ids must be unique"])
        continue
      }
      ids[stage.id] = stage.idNode ?? stage.typeNode
      declared.append(stage)
      if let through, stage.type.produces.contains(through) { break }
    }
    // (After the stages: a language without files is told at the first stage path it lacks.)
    let detect = detectNode.flatMap { checkDetect($0.path, at: $0.node, source: source, target: target) }
    let recognize = recognizeNode.flatMap { checkRecognize($0.path, at: $0.node, target: target) }
    apply(overrides, to: &declared)
    if diagnostics.isEmpty { checkOrder(declared) }
    if let through, !declared.contains(where: { $0.type.produces.contains(through) }) {
      error(
        "no stage of this pipeline produces \(through.rawValue)", at: stagesNode,
        notes: leftOut.isEmpty ? ["add a stage that does (see 'precis stages')"] : leftOut.map(\.note.message)
      )
    }
    reportLanguageMisses()
    guard diagnostics.isEmpty, let version else { return nil }
    var entries: [Pipeline.Entry] = []
    for stage in declared {
      do {
        let built = try stage.type.init(options: stage.options)
        entries.append(
          Pipeline.Entry(
            id: stage.id, typeName: stage.type.typeName, stage: built,
            location: location(stage.typeNode)))
      } catch let failure as any PrecisError {
        diagnostics.append(contentsOf: failure.diagnostics)
      } catch {
        self.error("stage '\(stage.id)' failed to load: \(error)", at: stage.typeNode)
      }
    }
    var pipeline = Pipeline(
      file: file, version: version, sourceLanguage: source, targetLanguage: target,
      entries: entries, leftOut: leftOut)
    pipeline.detect = detect
    pipeline.recognize = recognize
    if detect != nil {
      pipeline.languageLists = LanguageLists(own: source, detect: detect, recognize: recognize)
    }
    return pipeline
  }

  /// The `recognize` word lists written `path` (with `{source}`), once the folder that holds
  /// them is found; a missing one is reported at `node`. (The lists themselves are looked for
  /// and read when a run asks: listing the folder at each load cost 0.7 M instructions, a
  /// hundredth of a one-article command.)
  mutating func checkRecognize(_ path: String, at node: Node, target: String) -> Pipeline.DetectList? {
    let written = path.replacingPlaceholders(source: "{source}", target: target)
    let list = Pipeline.DetectList(
      template: FilePath.resolve(written, against: baseDirectory), location: location(node))
    // (The folder before the `{source}` component, from the path without a language: the
    // generic splitting and joining of components cost the runtime's metadata 0.4 M
    // instructions the first time, at each load.)
    let folder = FilePath.directory(of: list.path(for: ""))
    guard FilePath.isDirectory(folder.isEmpty ? "." : folder) else {
      error(
        "folder '\(folder)' of 'recognize' not found", at: node,
        notes: [
          "paths are relative to the folder of \(file); 'recognize' names a word list for each language "
            + "to tell apart without briefing it, one word a line (lexicons/languages/{source}.txt)"
        ])
      return nil
    }
    return list
  }

  /// The `detect` word list written `path` (with `{source}`), once its file for the source
  /// language is found; a missing one is reported at `node`.
  mutating func checkDetect(_ path: String, at node: Node, source: String, target: String) -> Pipeline
    .DetectList?
  {
    let written = path.replacingPlaceholders(source: "{source}", target: target)
    let template = FilePath.resolve(written, against: baseDirectory)
    let list = Pipeline.DetectList(template: template, location: location(node))
    let full = list.path(for: source)
    guard FilePath.isFile(full) else {
      let relative = written.replacingOccurrences(of: "{source}", with: source)
      error(
        "file '\(relative)' not found (looked for \(full))", at: node,
        notes: ["paths are relative to the folder of \(file); 'detect' names a word list, one word a line"])
      noteLanguageMiss(relative)
      return nil
    }
    return list
  }

  struct DeclaredStage {
    var id: String
    var idNode: Node?
    var typeNode: Node
    var type: any Stage.Type
    var options: StageOptions
  }

  mutating func checkStage(_ node: Node, source: String, target: String) -> DeclaredStage? {
    guard case .mapping(let mapping) = node else {
      error(
        "each stage must be a mapping with 'id' and 'type'", at: node,
        notes: ["write '- id: segment' then 'type: segment' on the next line"])
      return nil
    }
    let pairs = pairs(of: mapping)
    guard let typePair = pairs.first(where: { $0.key == "type" }) else {
      error(
        "stage has no 'type'", at: node,
        notes: ["add 'type:' with one of: \(registry.names.joined(separator: ", "))"])
      return nil
    }
    guard let typeName = typePair.value.scalar?.string else {
      error("'type' must be a stage type name", at: typePair.value)
      return nil
    }
    guard let type = registry.type(named: typeName) else {
      error(
        "unknown stage type '\(typeName)'", at: typePair.value,
        notes: [Suggestion.note(for: typeName, in: registry.names, kind: "stage type")])
      return nil
    }
    var id = typeName
    var idNode: Node?
    if let idPair = pairs.first(where: { $0.key == "id" }) {
      if let text = idPair.value.scalar?.string, text.isIdentifier {
        id = text
        idNode = idPair.value
      } else {
        error(
          "'id' must be a word of letters, digits, '-' or '_'", at: idPair.value)
      }
    }
    let stageLocation = location(typePair.value)
    if type.translates, sourceLanguageGiven, source == target {
      // Its options name the files of a translation the run does not make (`lexicons/glossary/
      // en-en`): they are not read, so that a missing one is no error.
      leftOut.append(
        Pipeline.LeftOut(
          id: id, typeName: typeName,
          note: Diagnostic(
            .note,
            "stage '\(id)' (\(typeName)) is left out: --language \(source) makes the source language "
              + "the target, so there is nothing to translate",
            at: stageLocation,
            sourceLine: sourceLine(at: stageLocation))))
      return nil
    }
    var values: [String: OptionValue] = [:]
    var locations: [String: SourceLocation] = [:]
    let specs = type.options
    let knownKeys = ["id", "type"] + specs.map(\.name)
    // The options written, valid or not: a default stands in only for one not written (a missing
    // file given was also reported as a missing default file, each problem twice).
    var written: Set<String> = []
    for (key, keyNode, value) in pairs where key != "id" && key != "type" {
      guard let spec = specs.first(where: { $0.name == key }) else {
        error(
          "unknown option '\(key)' for stage '\(id)' (type '\(typeName)')", at: keyNode,
          notes: [Suggestion.note(for: key, in: knownKeys, kind: "option")])
        continue
      }
      written.insert(key)
      guard let parsed = parse(value, as: spec, stage: id, source: source, target: target) else { continue }
      values[key] = parsed
      locations[key] = location(value)
    }
    for spec in specs where values[spec.name] == nil && !written.contains(spec.name) {
      guard let text = spec.defaultValue else { continue }
      let substituted = text.replacingPlaceholders(source: source, target: target)
      if case .sources(var files)? = spec.parse(substituted) {
        files[0].location = stageLocation
        values[spec.name] = resolveSources(files, spec: spec, defaulted: true)
      } else if let parsed = spec.parse(substituted) {
        values[spec.name] = resolvePaths(parsed, spec: spec, at: stageLocation, defaulted: true)
      }
    }
    let options = StageOptions(
      stageID: id, values: values, locations: locations, stageLocation: stageLocation,
      sourceLanguage: source, targetLanguage: target)
    return DeclaredStage(id: id, idNode: idNode, typeNode: typePair.value, type: type, options: options)
  }

  /// Parses an option's value; `{source}` and `{target}` become the pipeline's languages.
  mutating func parse(
    _ node: Node, as spec: OptionSpec, stage id: String, source: String, target: String
  ) -> OptionValue? {
    let expected = "option '\(spec.name)' of stage '\(id)' expects \(spec.kind.expectation)"
    switch node {
    case .scalar(let scalar):
      let text = scalar.string.replacingPlaceholders(source: source, target: target)
      guard let value = spec.parse(text) else {
        error("\(expected), found '\(scalar.string)'", at: node, notes: hint(for: spec))
        return nil
      }
      if case .sources(var files) = value {
        files[0].location = location(node)
        return resolveSources(files, spec: spec, defaulted: false)
      }
      return resolvePaths(value, spec: spec, at: location(node), defaulted: false)
    case .sequence(let items) where spec.kind.isWords:
      var words: [String] = []
      for item in items {
        guard let word = item.scalar?.string, !word.isEmpty else {
          error("\(expected), found a list item that is not a word", at: item)
          return nil
        }
        words.append(word)
      }
      return .words(words)
    case .sequence(let items):
      guard case .sources(let keys, _) = spec.kind else { break }
      var files: [SourceFile] = []
      for item in items {
        if let text = item.scalar?.string.replacingPlaceholders(source: source, target: target), !text.isEmpty
        {
          files.append(SourceFile(path: text, location: location(item)))
        } else if case .mapping(let mapping) = item,
          let file = sourceFile(
            mapping, at: item, keys: keys, expected: expected, source: source, target: target)
        {
          files.append(file)
        } else {
          if item.scalar != nil || item.isMapping { return nil }
          error("\(expected), found a list item that is neither a path nor a mapping", at: item)
          return nil
        }
      }
      guard !files.isEmpty else {
        error("\(expected), found an empty list", at: node)
        return nil
      }
      return resolveSources(files, spec: spec, defaulted: false)
    case .mapping(let mapping):
      guard case .sources(let keys, _) = spec.kind,
        let file = sourceFile(
          mapping, at: node, keys: keys, expected: expected, source: source, target: target)
      else { break }
      return resolveSources([file], spec: spec, defaulted: false)
    default:
      break
    }
    switch node {
    case .sequence(let items) where spec.kind.isPaths:
      var paths: [String] = []
      for item in items {
        guard
          let text = item.scalar?.string.replacingPlaceholders(source: source, target: target),
          !text.isEmpty
        else {
          error("\(expected), found a list item that is not a path", at: item)
          return nil
        }
        guard
          case .paths(let resolved)? = resolvePaths(
            .paths([text]), spec: spec, at: location(item), defaulted: false)
        else { return nil }
        paths += resolved
      }
      guard !paths.isEmpty else {
        error("\(expected), found an empty list", at: node)
        return nil
      }
      return .paths(paths)
    default:
      if node.isMapping, case .sources = spec.kind { return nil }
      error("\(expected), found a \(node.isMapping ? "mapping" : "list")", at: node, notes: hint(for: spec))
      return nil
    }
  }

  /// One `{path: …, KEY: …}` item of a `sources` option; nested mappings become `KEY.SUBKEY`.
  mutating func sourceFile(
    _ mapping: Node.Mapping, at node: Node, keys: [String], expected: String, source: String, target: String
  ) -> SourceFile? {
    var path: String?
    var settings: [String: String] = [:]
    var ok = true
    for (key, keyNode, value) in pairs(of: mapping) {
      if key == "path" {
        path = value.scalar?.string.replacingPlaceholders(source: source, target: target)
        if path?.isEmpty != false {
          error("'path' must be a file path", at: value)
          ok = false
        }
        continue
      }
      guard keys.contains(key) else {
        error(
          "unknown key '\(key)' beside 'path'", at: keyNode,
          notes: [Suggestion.note(for: key, in: ["path"] + keys, kind: "key")])
        ok = false
        continue
      }
      switch value {
      case .scalar(let scalar):
        settings[key] = scalar.string
      case .mapping(let inner):
        for (innerKey, innerKeyNode, innerValue) in pairs(of: inner) {
          guard let text = innerValue.scalar?.string else {
            error("'\(key).\(innerKey)' must be a single value", at: innerKeyNode)
            ok = false
            continue
          }
          settings[key + "." + innerKey] = text
        }
      default:
        error("'\(key)' must be a value or a mapping", at: value)
        ok = false
      }
    }
    guard let path else {
      if ok { error("\(expected), found a mapping without 'path'", at: node, notes: ["add 'path: FILE'"]) }
      return nil
    }
    guard ok else { return nil }
    return SourceFile(path: path, settings: settings, location: location(node))
  }

  /// Resolves the files of a `sources` option: relative paths against the pipeline's folder, a
  /// folder into its files with the option's extensions (by name); missing ones are reported.
  mutating func resolveSources(_ files: [SourceFile], spec: OptionSpec, defaulted: Bool) -> OptionValue? {
    guard case .sources(_, let extensions) = spec.kind else { return nil }
    var resolved: [SourceFile] = []
    for file in files {
      let full = FilePath.resolve(file.path, against: baseDirectory)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
        let what = defaulted ? "default file '\(file.path)' for option '\(spec.name)'" : "file '\(file.path)'"
        error(
          "\(what) not found (looked for \(full))", at: file.location ?? SourceLocation(file: self.file),
          notes: [
            "paths are relative to the folder of \(self.file)"
              + (defaulted ? "; set '\(spec.name):' to a file that exists" : "")
          ])
        noteLanguageMiss(file.path)
        return nil
      }
      if isDirectory.boolValue {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).filter { name in
          !name.hasPrefix(".") && extensions.contains { name.lowercased().hasSuffix("." + $0) }
        }.sorted()
        guard !names.isEmpty else {
          error(
            "folder '\(file.path)' holds no \(extensions.map { "." + $0 }.joined(separator: ", ")) file",
            at: file.location ?? SourceLocation(file: self.file))
          return nil
        }
        for name in names {
          resolved.append(
            SourceFile(path: full + "/" + name, settings: file.settings, location: file.location))
        }
      } else {
        resolved.append(SourceFile(path: full, settings: file.settings, location: file.location))
      }
    }
    return .sources(resolved)
  }

  /// Keeps the error just reported for the missing `path` as a language miss when the pipeline
  /// line it points at writes `{source}` and the path holds the source language.
  mutating func noteLanguageMiss(_ path: String) {
    guard let language = sourceLanguage, let last = diagnostics.last,
      last.sourceLine?.contains("{source}") == true,
      PipelineLoader.languageTemplate(of: path, language: language) != nil
    else { return }
    languageMisses.append((path, last))
  }

  /// The languages `template` (a path with `{source}`) names an existing file or folder for,
  /// relative to the pipeline's folder: the folder that holds the `{source}` component is
  /// listed, and each name that fits it is tried.
  func languages(for template: String) -> Set<String> {
    PipelineLoader.languages(for: template, baseDirectory: baseDirectory)
  }

  /// Reports the files a source language lacks as one error instead of one per path: `--language
  /// xx` gave six, each with the same note; the one says which languages the pipeline's files
  /// exist for. (One file missing for the pipeline's own language keeps its own error, which
  /// says where paths are looked for.)
  mutating func reportLanguageMisses() {
    guard let language = sourceLanguage, !languageMisses.isEmpty,
      sourceLanguageGiven || languageMisses.count > 1
    else { return }
    let misses = languageMisses
    diagnostics.removeAll { diagnostic in misses.contains { $0.diagnostic == diagnostic } }
    let paths = misses.map(\.path).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    var available: Set<String>?
    for path in paths {
      guard let template = PipelineLoader.languageTemplate(of: path, language: language) else { continue }
      let codes = languages(for: template)
      available = available.map { $0.intersection(codes) } ?? codes
    }
    let shown =
      paths.prefix(4).joined(separator: ", ") + (paths.count > 4 ? ", and \(paths.count - 4) more" : "")
    let codes = (available ?? []).sorted()
    let first = misses[0].diagnostic
    diagnostics.append(
      Diagnostic(
        .error,
        "no \(paths.count == 1 ? "file" : "files") for language '\(language)': \(shown) "
          + (paths.count == 1 ? "is" : "are") + " not found",
        at: first.location,
        notes: [
          codes.isEmpty
            ? "the paths written with {source} name no language's files"
            : "the pipeline's files are there for " + codes.map { "'\($0)'" }.joined(separator: ", ")
              + (sourceLanguageGiven
                ? ": pass one of them with --language" : ": make one of them the source language")
              + ", or add the files for '\(language)'"
        ], sourceLine: first.sourceLine))
  }

  func hint(for spec: OptionSpec) -> [String] {
    spec.defaultValue.map { ["for example '\(spec.name): \($0)'"] } ?? []
  }

  /// Resolves relative paths against the pipeline's folder and reports missing files.
  mutating func resolvePaths(
    _ value: OptionValue, spec: OptionSpec, at location: SourceLocation, defaulted: Bool
  ) -> OptionValue? {
    guard case .paths(let written) = value else { return value }
    var resolved: [String] = []
    for path in written {
      let full = FilePath.resolve(path, against: baseDirectory)
      guard FilePath.isFile(full) else {
        let what = defaulted ? "default file '\(path)' for option '\(spec.name)'" : "file '\(path)'"
        error(
          "\(what) not found (looked for \(full))", at: location,
          notes: [
            "paths are relative to the folder of \(file)"
              + (defaulted ? "; set '\(spec.name):' to a file that exists" : "")
          ])
        noteLanguageMiss(path)
        return nil
      }
      resolved.append(full)
    }
    return .paths(resolved)
  }

  mutating func apply(_ overrides: [OptionOverride], to stages: inout [DeclaredStage]) {
    for override in overrides {
      for index in stages.indices where stages[index].type.typeName == override.stageType {
        guard let spec = stages[index].type.options.first(where: { $0.name == override.option }),
          let value = spec.parse(override.value)
        else {
          let spec = stages[index].type.options.first { $0.name == override.option }
          diagnostics.append(
            Diagnostic(
              .error,
              "\(override.origin) expects \(spec?.kind.expectation ?? "a valid value"), found '\(override.value)'"
            ))
          return
        }
        stages[index].options.values[override.option] = value
        stages[index].options.locations[override.option] = SourceLocation(
          file: "command line (\(override.origin))")
        stages[index].options.overridden.insert(override.option)
      }
    }
  }

  mutating func checkOrder(_ stages: [DeclaredStage]) {
    var available: Set<Layer> = [.input]
    for stage in stages {
      for layer in stage.type.requires where !available.contains(layer) {
        var producers: [String] = []
        for type in registry.types where type.produces.contains(layer) {
          producers.append(type.typeName)
        }
        error(
          "stage '\(stage.id)' needs \(layer.rawValue), which no earlier stage produces",
          at: stage.typeNode,
          notes: [
            producers.isEmpty
              ? "no stage type produces \(layer.rawValue)"
              : "put a stage of type \(producers.map { "'\($0)'" }.joined(separator: " or ")) before it"
          ])
      }
      available.formUnion(stage.type.produces)
    }
  }
}

extension Node {
  fileprivate var isMapping: Bool {
    if case .mapping = self { return true }
    return false
  }
}

extension String {
  /// Whether this is written as a language code: 2 to 8 lowercase letters and hyphens.
  public var isLanguageCode: Bool {
    (2...8).contains(count) && unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }
  }

  fileprivate var isIdentifier: Bool {
    !isEmpty
      && unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
      }
  }

  /// The string with `{source}` and `{target}` replaced. (Most values hold neither; Foundation's
  /// `replacingOccurrences` copied each through an `NSString`, 3% of a command's start, and the
  /// standard library's generic `replacing` took 65,000 instructions a call.)
  func replacingPlaceholders(source: String, target: String) -> String {
    guard utf8.contains(UInt8(ascii: "{")) else { return self }
    var result = ""
    var rest = self[...]
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      let placeholder = rest[open...]
      if placeholder.hasPrefix("{source}") {
        result += source
        rest = placeholder.dropFirst("{source}".count)
      } else if placeholder.hasPrefix("{target}") {
        result += target
        rest = placeholder.dropFirst("{target}".count)
      } else {
        result += "{"
        rest = placeholder.dropFirst()
      }
    }
    return result + rest
  }

  /// The string's lines, without their line breaks, as YAML counts them: `\n`, `\r\n` and a
  /// lone `\r` each end one.
  func splitLines() -> [Substring] {
    // (By bytes: stepping through the Characters cost 600,000 instructions for the default
    // pipeline file, at every start. A line break never joins a Character with what follows.)
    var lines: [Substring] = []
    let bytes = utf8
    var start = bytes.startIndex
    var index = start
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        lines.append(self[start..<index])
        index = bytes.index(after: index)
        if byte == UInt8(ascii: "\r"), index < bytes.endIndex, bytes[index] == UInt8(ascii: "\n") {
          index = bytes.index(after: index)
        }
        start = index
      } else {
        index = bytes.index(after: index)
      }
    }
    lines.append(self[start..<endIndex])
    return lines
  }
}

extension PipelineLoader {
  /// `path` with the part that names `language` written `{source}` (`lexicons/{source}/x.txt`,
  /// `glossary/{source}-en`), or `nil` when none of its components does.
  static func languageTemplate(of path: String, language: String) -> String? {
    var found = false
    let components = path.split(separator: "/", omittingEmptySubsequences: false).map { component -> String in
      guard !found else { return String(component) }
      if component == language || component.hasPrefix(language + "-") || component.hasPrefix(language + "_")
        || component.hasPrefix(language + ".")
      {
        found = true
        return "{source}" + component.dropFirst(language.count)
      }
      return String(component)
    }
    return found ? components.joined(separator: "/") : nil
  }
}

extension PipelineLoader {
  /// The languages `template` (a path with `{source}`) names an existing file or folder for,
  /// relative to `baseDirectory`: the folder that holds the `{source}` component is listed, and
  /// each name that fits it is tried. A template already resolved (`Pipeline.DetectList`) is
  /// given with `"."`: resolved once more against a relative folder (`--pipeline
  /// ../../pipeline.yaml`), it named a folder that is not there, and `--language auto` read
  /// every article as the file's own language.
  static func languages(for template: String, baseDirectory: String) -> Set<String> {
    var components = template.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard let index = components.firstIndex(where: { $0.contains("{source}") }) else { return [] }
    let pattern = components[index]
    let folder = FilePath.resolve(
      index == 0 ? "." : components[..<index].joined(separator: "/"), against: baseDirectory)
    let parts = pattern.components(separatedBy: "{source}")
    let (before, after) = (parts[0], parts.count > 1 ? parts[1] : "")
    var found: Set<String> = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      guard name.count > before.count + after.count, name.hasPrefix(before), name.hasSuffix(after) else {
        continue
      }
      let code = String(name.dropFirst(before.count).dropLast(after.count))
      guard code.isLanguageCode else { continue }
      components[index] = name
      if FileManager.default.fileExists(
        atPath: FilePath.resolve(components.joined(separator: "/"), against: baseDirectory))
      {
        found.insert(code)
      }
    }
    return found
  }
}

extension PipelineLoader {
  /// The source language that asks for each article's to be guessed (`--language auto`).
  public static let autoLanguage = "auto"

  /// Loads the pipeline for `--language auto`: as written, with its `detect` word list, and once
  /// more for each other language that list exists for (`lexicons/en/stopwords.txt` beside
  /// `lexicons/fr/stopwords.txt`), routed to by `LanguageRouting`. Every language's pipeline
  /// must load: one that does not is an error, which says which language it was loaded for.
  /// The other languages' pipelines are loaded whole, whatever `through`.
  func loadRouting(
    yaml: String, file: String, baseDirectory: String, overrides: [OptionOverride], through: Layer?
  ) throws -> Pipeline {
    var pipeline = try load(
      yaml: yaml, file: file, baseDirectory: baseDirectory, overrides: overrides, through: through)
    guard let detect = pipeline.detect, let languages = pipeline.languageLists else {
      let lines = yaml.splitLines()
      let line = lines.firstIndex { $0.hasPrefix("language:") }
      throw PipelineError([
        Diagnostic(
          .error, "--language auto needs a word list for each language, and \(file) names none",
          at: SourceLocation(file: file, line: line.map { $0 + 1 }, column: line.map { _ in 1 }),
          notes: [
            "add 'detect: lexicons/{source}/stopwords.txt' under 'language:' (the words that tell the "
              + "languages apart), or pass the article's language with --language"
          ], sourceLine: line.map { String(lines[$0]) })
      ])
    }
    var pipelines: [String: Pipeline] = [:]
    for language in languages.lists.map(\.code)
    where language != pipeline.sourceLanguage && languages.detected.contains(language) {
      do {
        // (Whole: `through` may name the layer of a stage this language leaves out, `terms` for
        // the target language. Its stages run only where the file's own run has them.)
        pipelines[language] = try load(
          yaml: yaml, file: file, baseDirectory: baseDirectory, overrides: overrides,
          sourceLanguage: language)
      } catch let error as PipelineError {
        throw PipelineError(
          error.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.notes.append(
              "--language auto loads the pipeline for every language 'detect' has a list for, "
                + "'\(language)' among them: add its files, or remove \(detect.path(for: language))")
            return diagnostic
          })
      }
    }
    // (The languages only recognized come last in the lists: a tie goes to a language briefed.)
    pipeline.routing = LanguageRouting(guesser: try languages.guesser(), pipelines: pipelines)
    return pipeline
  }
}
